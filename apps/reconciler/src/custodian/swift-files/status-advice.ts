import { instructionReferenceOf, isCancellationReference } from '../../references.js';
import type { CustodianMessage, StatusDetail } from '../adapter.js';
import type { SettlementStatus, SettlementStatusAdvice } from '../swift/parse-status-advice.js';

const standard = (s: SettlementStatus) => s.dataSourceScheme === undefined;

/** A status with the reason that explains it (`:24B::<code>//` under the same code, e.g. NMAT//CMIS). */
function detailOf(advice: SettlementStatusAdvice, status: SettlementStatus): StatusDetail {
  const reason = advice.reasons.find((r) => r.qualifier === status.code) ?? advice.reasons[0];
  return {
    status: `${status.qualifier}//${status.dataSourceScheme === undefined ? '' : `${status.dataSourceScheme}/`}${status.code}`,
    ...(reason === undefined ? {} : { reasonCode: reason.code }),
    ...(reason?.narrative === undefined ? {} : { narrative: reason.narrative.replace(/\n/g, ' ') }),
  };
}

/** Of several statuses (IPRC//PACK, MTCH//NMAT, SETT//PEND…) the last one a reason explains, else the last. */
function primaryStatus(advice: SettlementStatusAdvice): SettlementStatus {
  const explained = advice.status.filter((s) => advice.reasons.some((r) => r.qualifier === s.code));
  return explained.at(-1) ?? (advice.status.at(-1) as SettlementStatus);
}

function find(advice: SettlementStatusAdvice, qualifiers: string[], codes: string[]) {
  return advice.status.find((s) => standard(s) && qualifiers.includes(s.qualifier) && codes.includes(s.code));
}

/**
 * An MT548 by its function (`:23G:`). INST speaks of our instruction (`T…`):
 * IPRC//REJT rejects it, IPRC//CAND says the custodian cancelled it. CAST
 * speaks of our cancellation request (`C…`): CAND confirms it, REJT or
 * CPRC//DEND refuse it – the instruction stays live. Everything else
 * (PACK, MACH, NMAT, PEND, PENF, CANP…) is a status kept for operations.
 * An advice whose reference does not fit its function is an exception.
 */
export function statusAdviceMessage(advice: SettlementStatusAdvice): CustodianMessage {
  const cast = advice.function === 'CAST';
  if (cast !== isCancellationReference(advice.relatedReference)) {
    return {
      kind: 'exception',
      reasonCode: 'FUNCTION_MISMATCH',
      detail: cast
        ? `a CAST advice must name our cancellation request (C…); it names ${advice.relatedReference}`
        : `an INST advice must name our instruction (T…); it names our cancellation request ${advice.relatedReference}`,
      messageType: 'MT548',
      messageReference: advice.reference,
      relatedReference: advice.relatedReference,
    };
  }
  const about = {
    messageReference: advice.reference,
    custodianReference: instructionReferenceOf(advice.relatedReference),
    ...advice.transaction,
  };
  const cancelled = find(advice, ['IPRC', 'CPRC'], ['CAND']);
  if (cancelled) return { kind: 'cancellation-confirmed', ...about };
  if (cast) {
    const denied = find(advice, ['IPRC', 'CPRC'], ['REJT', 'DEND']);
    if (denied) return { kind: 'cancellation-denied', ...about, ...detailOf(advice, denied) };
  } else {
    const rejected = find(advice, ['IPRC'], ['REJT']);
    if (rejected) {
      const { reasonCode, narrative } = detailOf(advice, rejected);
      return {
        kind: 'rejection',
        ...about,
        reasonCode: reasonCode ?? 'REJT',
        ...(narrative === undefined ? {} : { narrative }),
      };
    }
  }
  return { kind: 'status', ...about, function: advice.function, ...detailOf(advice, primaryStatus(advice)) };
}
