/**
 * What the agent can see of the customer's dataset: a schema with column types and the data
 * card's descriptions, row counts, a small materialised sample (24 rows) and per-column
 * statistics. The ticket's trap is in the data, never named: a permute ticket carries a legacy
 * integer id column (`label_id`) whose ids follow another label map; a noise ticket carries the
 * routing heuristic's weak labels next to the verified ones; a chat ticket (mask) holds the
 * utterance and the intent as conversation turns, so the loss must be masked to the assistant
 * turn. Which column is the label is stated in the customer's message.
 * Deterministic: a function of the ticket only.
 */
import { hashString, type Ticket } from '../oracle/index.js';

/** A column as the data card describes it (roles are hidden; types and descriptions are not). */
export interface ColumnInfo {
  name: string;
  type: 'int' | 'text' | 'category' | 'chat';
  description: string;
}

/** The dataset overview of the briefing. */
export interface DatasetOverview {
  name: string;
  format: Ticket['dataset']['format'];
  licence: string;
  rows_train: number;
  rows_heldout: number;
  splits: string[];
  columns: ColumnInfo[];
}

/** Statistics of one column over the full training split (as the data platform reports them). */
export interface ColumnStats {
  column: string;
  type: ColumnInfo['type'];
  rows: number;
  distinct: number | null;
  /** Hash of the sorted value vocabulary (the label mapping's identity), null for free text. */
  vocabulary_hash: string | null;
  /** Distinct values in the 24-row sample. */
  sample_distinct: number;
}

/** Some of BANKING77's 77 intents with one utterance each (the sample draws from these). */
const INTENTS: readonly (readonly [string, string])[] = [
  ['card_arrival', 'When will my new card arrive?'],
  ['lost_or_stolen_card', 'I think my card was stolen yesterday.'],
  ['exchange_rate', 'What exchange rate do you use for euros?'],
  ['top_up_failed', 'My top up did not go through.'],
  ['pin_blocked', 'I entered the wrong PIN too many times.'],
  ['transfer_timing', 'How long does a bank transfer take?'],
  ['declined_card_payment', 'Why was my card payment declined?'],
  ['change_pin', 'How do I change my PIN?'],
  ['refund_not_showing_up', 'The shop refunded me but I cannot see it.'],
  ['atm_support', 'Which ATMs can I use abroad?'],
  ['verify_my_identity', 'Why do you need to verify my identity?'],
  ['cash_withdrawal_charge', 'Why was I charged for a cash withdrawal?'],
];

const SAMPLE_ROWS = 24;

function roleOf(t: Ticket, name: string): string {
  return t.dataset.columns.find((c) => c.name === name)?.role ?? 'meta';
}

function infoOf(t: Ticket, name: string, role: string): ColumnInfo {
  switch (role) {
    case 'id': return { name, type: 'int', description: 'row id' };
    case 'text': return t.dataset.format === 'chat'
      ? { name, type: 'chat', description: 'conversation turns [{role, content}]: the customer message, then the assistant reply naming the intent' }
      : { name, type: 'text', description: 'customer message' };
    case 'label': return { name, type: 'category', description: t.trap === 'noise' ? 'intent verified by two annotators' : 'intent (annotated)' };
    case 'decoy_permuted': return { name, type: 'int', description: 'integer intent id from the legacy export (id map of the old routing system)' };
    case 'decoy_noisy': return { name, type: 'category', description: 'intent assigned by the routing heuristic' };
    default: return { name, type: 'category', description: 'export source system' };
  }
}

/** The overview the briefing shows. */
export function datasetOverview(t: Ticket): DatasetOverview {
  const d = t.dataset;
  return {
    name: d.name, format: d.format,
    licence: d.licence === 'forbids_training' ? 'evaluation only (training not permitted)' : 'permissive',
    rows_train: d.rows_train, rows_heldout: d.rows_heldout, splits: ['train', d.heldout_split],
    columns: d.columns.map((c) => infoOf(t, c.name, c.role)),
  };
}

/** A fixed permutation of the sample intents: the legacy id of intent i is PERM[i]. */
const PERM = [7, 3, 10, 0, 11, 5, 1, 9, 2, 6, 4, 8];

/** Row i's true intent index, and the weak label's (wrong on rows 1, 4, 6, 9 mod 10: 40%). */
function rowIntent(i: number): number { return (i * 5 + 3) % INTENTS.length; }
function weakIntent(i: number): number { return [1, 4, 6, 9].includes(i % 10) ? (rowIntent(i) + 1 + (i % 5)) % INTENTS.length : rowIntent(i); }

/**
 * The materialised sample: `SAMPLE_ROWS` rows of the training split, all columns.
 * @example datasetSample(ticket).length // 24
 */
export function datasetSample(t: Ticket): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < SAMPLE_ROWS; i++) {
    const k = rowIntent(i);
    const [intent, text] = INTENTS[k] as readonly [string, string];
    const row: Record<string, unknown> = {};
    for (const c of t.dataset.columns) {
      switch (c.role) {
        case 'id': row[c.name] = 1000 + i * 37; break;
        case 'text': row[c.name] = t.dataset.format === 'chat' ? [{ role: 'user', content: text }, { role: 'assistant', content: intent }] : text; break;
        case 'label': row[c.name] = intent; break;
        case 'decoy_permuted': row[c.name] = PERM[k]; break;
        case 'decoy_noisy': row[c.name] = (INTENTS[weakIntent(i)] as readonly [string, string])[0]; break;
        default: row[c.name] = i % 3 === 0 ? 'app' : 'web';
      }
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Statistics of one column (full-split counts from the data platform, sample counts from the
 * sample). Label-like columns share the intent vocabulary's hash except the legacy id column.
 * @returns null when the column does not exist.
 */
export function columnStats(t: Ticket, column: string): ColumnStats | null {
  const c = t.dataset.columns.find((x) => x.name === column);
  if (c === undefined) return null;
  const info = infoOf(t, c.name, c.role);
  const sample = new Set(datasetSample(t).map((r) => JSON.stringify(r[column])));
  const role = roleOf(t, column);
  const labels = t.dataset.labels;
  let distinct: number | null = null;
  let hash: string | null = null;
  if (role === 'label' || role === 'decoy_noisy') { distinct = labels.count; hash = labels.hash; }
  else if (role === 'decoy_permuted') { distinct = labels.count; hash = hashString(`vocab:legacy-ids:${labels.count}`); }
  else if (role === 'id') distinct = t.dataset.rows_train;
  else if (role === 'meta') { distinct = 2; hash = hashString('vocab:source:app,web'); }
  return { column, type: info.type, rows: t.dataset.rows_train, distinct, vocabulary_hash: hash, sample_distinct: sample.size };
}
