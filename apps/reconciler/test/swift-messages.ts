// Custodian → us messages in the golden files' shape, with our references filled in.
const CRLF = '\r\n';

function fin(type: string, lines: string[]): string {
  return `{1:F01TBOBDEFFAXXX0000000000}{2:O${type}1405240117CUSTDEFFAXXX12345678952401171405N}{4:${CRLF}${lines.join(CRLF)}${CRLF}-}`;
}

const swiftDate = (iso: string) => iso.replace(/-/g, '');
const swiftQty = (q: string) => `${q.replace('.', ',')}${q.includes('.') ? '' : ','}`;

export function confirmation(o: {
  type: '544' | '546';
  reference: string;
  related: string;
  isin: string;
  quantity: string;
  date: string;
  reversalOf?: string;
  partial?: boolean;
}): string {
  return fin(o.type, [
    ':16R:GENL',
    `:20C::SEME//${o.reference}`,
    `:23G:${o.reversalOf ? 'RVSL' : 'NEWM'}`,
    ...(o.partial ? [':22F::PARS//PAIN'] : []),
    ':16R:LINK',
    `:20C::RELA//${o.related}`,
    ':16S:LINK',
    ...(o.reversalOf ? [':16R:LINK', `:20C::PREV//${o.reversalOf}`, ':16S:LINK'] : []),
    ':16S:GENL',
    ':16R:TRADDET',
    `:98A::ESET//${swiftDate(o.date)}`,
    `:35B:ISIN ${o.isin}`,
    ':16S:TRADDET',
    ':16R:FIAC',
    `:36B::ESTT//UNIT/${swiftQty(o.quantity)}`,
    ':16S:FIAC',
  ]);
}

export function statusAdvice(o: {
  reference: string;
  related: string;
  status: 'REJT' | 'CAND';
  reason?: string;
}) {
  return fin('548', [
    ':16R:GENL',
    `:20C::SEME//${o.reference}`,
    `:23G:${o.status === 'CAND' ? 'CAST' : 'INST'}`,
    ':16R:LINK',
    `:20C::RELA//${o.related}`,
    ':16S:LINK',
    ':16R:STAT',
    `:25D::IPRC//${o.status}`,
    ...(o.reason
      ? [':16R:REAS', `:24B::${o.status}//${o.reason}`, ':70D::REAS//SAFE ACCOUNT UNKNOWN', ':16S:REAS']
      : []),
    ':16S:STAT',
    ':16S:GENL',
  ]);
}

export function statement(o: {
  reference: string;
  account: string;
  date: string;
  holdings: [string, string][];
}) {
  return fin('535', [
    ':16R:GENL',
    ':28E:1/ONLY',
    `:20C::SEME//${o.reference}`,
    ':23G:NEWM',
    `:98A::STAT//${swiftDate(o.date)}`,
    `:97A::SAFE//${o.account}`,
    ':16S:GENL',
    ':16R:SUBSAFE',
    ...o.holdings.flatMap(([isin, q]) => [
      ':16R:FIN',
      `:35B:ISIN ${isin}`,
      `:93B::AGGR//UNIT/${swiftQty(q)}`,
      ':16S:FIN',
    ]),
    ':16S:SUBSAFE',
  ]);
}
