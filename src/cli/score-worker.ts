/**
 * A score worker thread (score-pool.ts): parses, validates and scores batches of JSONL lines and
 * sends back, per line, either the episode row and its stage rows' own columns or the issues that
 * rejected it, as columns (score-codec.ts). The main thread keeps order, duplicate ids, the summary and the writer, so the
 * output and every message are those of the in-process path.
 */
import { parentPort } from 'node:worker_threads';
import { EpisodeLineParser, scoreEpisode } from '../oracle/index.js';
import { checkShared, type StageOwn } from './score-rows.js';
import { BatchEncoder, batchBuffers, type ScoredLine } from './score-codec.js';
import type { ScoreBatch, ScoreBatchResult } from './score-pool.js';

const port = parentPort;
if (port === null) throw new Error('score-worker.ts runs as a worker thread (see score-pool.ts)');
const parser = new EpisodeLineParser();
const encoder = new BatchEncoder();

port.on('message', (b: ScoreBatch) => {
  let out: ScoreBatchResult;
  try {
    const items: ScoredLine[] = [];
    for (let j = 0; j < b.lines.length; j++) {
      const text = b.lines[j]!;
      if (text.trim() === '') continue;
      const line = b.firstLine + j;
      const p = parser.parse(text, { file: b.file, line });
      if (!p.ok) { items.push({ line, issues: p.issues }); continue; }
      const s = scoreEpisode(p.value);
      checkShared(s.stages, s.episode);
      const own: StageOwn[] = s.stages.map((r) => ({ stage: r.stage, stage_index: r.stage_index, class: r.class, pass: r.pass, reasons: r.reasons }));
      items.push({ line, episode: s.episode, own });
    }
    const batch = encoder.encode(items);
    out = { id: b.id, file: b.file, batch };
    port.postMessage(out, batchBuffers(batch));
  } catch (err) {
    out = { id: b.id, error: err instanceof Error ? err.message : String(err) };
    port.postMessage(out);
  }
});
