/**
 * ISO 15022 (SWIFT FIN) settlement messaging for free-of-payment transfers.
 * Pure functions over strings: no I/O, no clock, no randomness.
 *
 * Supported subset
 * - Writers (we → custodian): MT540 receive free (INCOMING) and MT542 deliver
 *   free (OUTGOING), function NEWM, and their cancellation (same type,
 *   `:23G:CANC`, `:20C::PREV//`). Sequences GENL (+LINK COMM/PREV), TRADDET,
 *   FIAC (UNIT quantities, whole units only), SETDET with `:22F::SETR//OWNE`
 *   and settlement parties: SELL/BUYR name (`:95Q:`, ≤4×35), DEAG/REAG BIC
 *   with the counterparty account (`:97A::SAFE//`), PSET. Lines end in CRLF.
 * - Parsers (custodian → we), CRLF or LF: MT544/MT546 confirmations (NEWM,
 *   RVSL; partial indicator `:22F::PARS//PAIN|PARC`, `STCO//PART`), MT548
 *   status advice (INST, CAST; `:25D:` statuses, `:24B:` reasons, `:70D:`
 *   narrative), MT535 statement of holdings (one safekeeping account per
 *   message; UNIT and FAMT balances). Any other type is a SwiftParseError.
 * - Not supported: against-payment types (MT541/543/545/547), cancelled
 *   confirmations (`:23G:CANC` in MT544/546), 98E dates, 97B accounts,
 *   multi-account (consolidated) MT535, repeated messages in one file.
 *
 * Layers: fin-envelope (blocks 1/2/4/5) → tokenize (fields with qualifier and
 * line) → sequences (16R/16S nesting) → per-message mappers.
 */
export * from './charset.js';
export * from './errors.js';
export * from './field-values.js';
export * from './fin-envelope.js';
export * from './parse-confirmation.js';
export * from './parse-message.js';
export * from './parse-statement.js';
export * from './parse-status-advice.js';
export * from './query.js';
export * from './read-fin.js';
export * from './read-instruction.js';
export * from './sequences.js';
export * from './settlement-instruction.js';
export * from './swift-date.js';
export * from './swift-decimal.js';
export * from './tokenize.js';
export * from './validate-instruction.js';
export * from './write-envelope.js';
export * from './write-instruction.js';
