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
  /** Our safekeeping account as the custodian names it (`:97A::SAFE//`). */
  account: string;
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
    `:97A::SAFE//${o.account}`,
    ':16S:FIAC',
  ]);
}

/**
 * An MT548: `function` INST speaks of our instruction (`T…`), CAST of our
 * cancellation request (`C…`); each status is `<qualifier>//<code>` with an
 * optional reason (`:24B::<code>//<reason>`) and narrative.
 */
export function statusAdvice(o: {
  reference: string;
  related: string;
  function: 'INST' | 'CAST';
  statuses: { status: string; reason?: string; narrative?: string }[];
  /** Sequence B SETTRAN: what the advice says the instruction is about. */
  transaction?: { isin: string; quantity: string; account: string; deliver: boolean; date: string };
}) {
  const t = o.transaction;
  return fin('548', [
    ':16R:GENL',
    `:20C::SEME//${o.reference}`,
    `:23G:${o.function}`,
    ':16R:LINK',
    `:20C::RELA//${o.related}`,
    ':16S:LINK',
    ...o.statuses.flatMap((s) => [
      ':16R:STAT',
      `:25D::${s.status}`,
      ...(s.reason
        ? [
            ':16R:REAS',
            `:24B::${s.status.split('//')[1]}//${s.reason}`,
            ...(s.narrative ? [`:70D::REAS//${s.narrative}`] : []),
            ':16S:REAS',
          ]
        : []),
      ':16S:STAT',
    ]),
    ':16S:GENL',
    ...(t
      ? [
          ':16R:SETTRAN',
          `:35B:ISIN ${t.isin}`,
          `:36B::SETT//UNIT/${swiftQty(t.quantity)}`,
          `:97A::SAFE//${t.account}`,
          ':22F::SETR//OWNE',
          `:22H::REDE//${t.deliver ? 'DELI' : 'RECE'}`,
          ':22H::PAYM//FREE',
          `:98A::SETT//${swiftDate(t.date)}`,
          ':16S:SETTRAN',
        ]
      : []),
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
