console.log('reconciler: not yet wired');
