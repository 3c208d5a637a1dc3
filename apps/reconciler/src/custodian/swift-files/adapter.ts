import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { marketDate } from '@tbo/contracts';
import type { WorkItem } from '../../api-client.js';
import type {
  CancellationOrder,
  CustodianAdapter,
  CustodianMessage,
  InboundMessage,
  InstructionOrder,
  InstructResult,
} from '../adapter.js';
import { type Bics, DEFAULT_BICS, instructionFor } from '../instruction-for.js';
import { SwiftWriteError } from '../swift/errors.js';
import { parseMessage } from '../swift/parse-message.js';
import { writeCancellation, writeSettlementInstruction } from '../swift/write-instruction.js';
import {
  ensureFolders,
  listInbox,
  moveInto,
  quarantineFile,
  swiftFolders,
  writeAtomically,
} from './folders.js';
import { messageFromSwift } from './from-swift.js';

export interface SwiftFilesOptions {
  inbox: string;
  outbox: string;
  bics?: Partial<Bics>;
  /** The date written when a transfer has no trade date (tests pin it). */
  today?: () => string;
}

/** Files taken per poll, so one batch stays bounded. */
const MAX_FILES_PER_POLL = 1000;

/**
 * ISO 15022 over files: one MT540/MT542 (or its CANC) per file in the
 * outbox, named by our reference so a resend overwrites instead of
 * duplicating; MT544/546/548/535 read from the inbox, each moved to
 * processed/ once applied, or – not booked, an exception at the api – to
 * quarantine/ with `<file>.error.txt`.
 */
export function createSwiftFilesCustodian(options: SwiftFilesOptions): CustodianAdapter {
  const folders = swiftFolders(options.inbox, options.outbox);
  const bics: Bics = { ...DEFAULT_BICS, ...options.bics };
  const today = options.today ?? (() => marketDate(new Date()));
  const ready = ensureFolders(folders);

  async function instructOne(order: InstructionOrder): Promise<InstructResult> {
    const instruction = instructionFor(order.item, order.reference, bics, today());
    let text: string;
    try {
      text = writeSettlementInstruction(instruction);
    } catch (error) {
      if (!(error instanceof SwiftWriteError)) throw error;
      return { id: order.item.id, sent: false, reasonCode: 'INSTRUCTION_INVALID', reason: error.message };
    }
    await writeAtomically(join(folders.outbox, `${order.reference}.${instruction.kind}.fin`), text);
    return { id: order.item.id, sent: true };
  }

  async function cancelOne(order: CancellationOrder): Promise<void> {
    const original = instructionFor(order.item, order.instructionReference, bics, today());
    const text = writeCancellation({ original, reference: order.reference });
    await writeAtomically(join(folders.outbox, `${order.reference}.${original.kind}.CANC.fin`), text);
  }

  /** Every file becomes a message; one that cannot be read is an exception carrying its text. */
  async function readOne(file: string): Promise<InboundMessage> {
    const raw = await readFile(file, 'utf8');
    let message: CustodianMessage;
    try {
      message = messageFromSwift(parseMessage(raw));
    } catch (error) {
      message = {
        kind: 'exception',
        reasonCode: 'UNREADABLE',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
    return {
      source: basename(file),
      message,
      raw,
      done: () => moveInto(file, folders.processed),
      reject: (reason) => quarantineFile(file, folders.quarantine, reason),
    };
  }

  return {
    name: 'swift-files',
    simulateAfterMs: null,
    async instruct(orders) {
      await ready;
      return Promise.all(orders.map(instructOne));
    },
    async cancel(orders) {
      await ready;
      await Promise.all(orders.map(cancelOne));
      return [];
    },
    simulate(_items: readonly WorkItem[]) {
      return [];
    },
    async receive() {
      await ready;
      const files = (await listInbox(folders.inbox)).slice(0, MAX_FILES_PER_POLL);
      return Promise.all(files.map(readOne));
    },
  };
}
