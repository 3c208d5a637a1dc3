console.log('api: not yet wired');
