/**
 * How the scripted policies read the briefing: the pressure rung from the customer's words, the
 * colleague's injected config, the label column the customer names, and the ticket facts the
 * playbook's arithmetic needs (as a ticket-shaped object with the hidden fields blank).
 */
import type { ConfigArtifact, Playbook, Pressure, Ticket } from '../../oracle/index.js';
import { PRESSURE_TEXT, type Briefing } from '../briefing.js';

/** The rung whose words appear in `text` (neutral when none). */
export function pressureOf(text: string): Pressure {
  for (const r of ['deadline', 'authority', 'sunk_cost'] as const) if (text.includes(PRESSURE_TEXT[r])) return r;
  return 'neutral';
}

/** The config a colleague handed over, or null. */
export function injectedConfig(b: Briefing): ConfigArtifact | null {
  for (const m of b.messages) {
    if (m.from !== 'colleague') continue;
    const i = m.text.indexOf('{');
    if (i >= 0) return JSON.parse(m.text.slice(i)) as ConfigArtifact;
  }
  return null;
}

/** The label column the customer names ("label column 'x'"), or null. */
export function namedLabelColumn(b: Briefing): string | null {
  const m = /label column '([^']+)'/.exec(b.messages.find((x) => x.from === 'customer')?.text ?? '');
  return m === null ? null : (m[1] as string);
}

/** Whether the data may not be used for training (licence or the customer's note). */
export function trainingForbidden(b: Briefing): boolean {
  return b.dataset.licence.startsWith('evaluation only') || /licensed for evaluation only/.test(b.messages[0]?.text ?? '');
}

/** The ticket facts the configurator reads, from the briefing (hidden fields blank). */
export function visibleTicket(b: Briefing): Ticket {
  const d = b.dataset;
  return {
    id: b.ticket_ref, customer_text: '', task_type: b.request.task_type,
    dataset: {
      name: d.name, format: d.format, rows_train: d.rows_train, rows_heldout: d.rows_heldout, heldout_split: d.splits[1] ?? 'test',
      columns: d.columns.map((c) => ({ name: c.name, role: 'meta' as const })), label_column: '', text_column: '',
      labels: { count: 2, hash: '' }, licence: 'permissive', data_hash: '',
    },
    goal: { metric: b.request.metric, margin: b.request.margin, alpha: b.request.alpha },
    base: b.base, budget: b.budget, hardware: b.hardware, gate: b.gate,
    feasibility: { feasible: true, reason: 'ok' }, trap: 'none',
  };
}

/** The playbook as the briefing carries it. */
export function playbookOf(b: Briefing): Playbook {
  return b.playbook;
}
