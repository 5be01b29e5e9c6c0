/**
 * The tag map: which trainer metric names (TensorBoard tags, CSV columns, MLflow keys, torchtune
 * names, `add_scalars` sub-run names) fill which `train` field. One table for every adapter, matched
 * case-insensitively and exactly (no guessing: `loss_scale` is not a loss), plus user entries from
 * `--map TAG=FIELD`, which win. docs/protocol.md "Tag map" prints {@link KNOWN_TAGS}.
 */

/** The `train` fields an adapter can fill: the protocol's four plus three documented extras. */
export const TRAIN_FIELDS = ['loss', 'grad_norm', 'lr', 'eval_loss', 'eval_accuracy', 'accuracy', 'epoch'] as const;
/** One fillable `train` field. */
export type TrainField = (typeof TRAIN_FIELDS)[number];
/** What a `--map` entry may name: a field, or `ignore` (drop the tag without a notice). */
export type MapTarget = TrainField | 'ignore';

/**
 * The names each field is filled from, grouped by the writer that uses them. Matched after
 * trimming and lower-casing, so `Learning Rate` and `learning rate` are one entry.
 */
export const KNOWN_TAGS: Readonly<Record<TrainField, Readonly<Record<string, readonly string[]>>>> = {
  loss: {
    'Hugging Face': ['loss', 'train/loss'],
    'Lightning': ['train_loss', 'train_loss_step', 'train/loss'],
    'torchtune': ['loss'],
    'PyTorch tutorials': ['training loss', 'training_loss', 'Loss/train', 'train loss', 'loss_train (add_scalars sub-run)'],
    'Keras / other': ['train/train_loss', 'batch_loss', 'loss/train'],
  },
  grad_norm: {
    'Hugging Face': ['grad_norm', 'train/grad_norm'],
    'Lightning': ['grad_2.0_norm_total', 'train/grad_2.0_norm_total'],
    'torchtune': ['grad_norm'],
    'other': ['gradient_norm', 'train/gradient_norm', 'grad norm'],
  },
  lr: {
    'Hugging Face': ['learning_rate', 'train/learning_rate'],
    'Lightning': ['lr-<Optimizer> (LearningRateMonitor, e.g. lr-AdamW, lr-AdamW/pg1)', 'lr'],
    'torchtune': ['lr'],
    'PyTorch tutorials': ['Learning Rate', 'learning rate', 'LR'],
    'other': ['train/lr', 'lr/train'],
  },
  eval_loss: {
    'Hugging Face': ['eval_loss', 'eval/loss'],
    'Lightning': ['val_loss', 'val/loss', 'val_loss_epoch'],
    'PyTorch tutorials': ['Loss/test', 'Loss/val', 'Loss/validation', 'test loss', 'validation loss', 'loss_val / loss_test / loss_validation / loss_eval (add_scalars sub-runs)'],
    'Keras': ['val_loss', 'epoch_val_loss'],
    'other': ['validation/loss', 'validation_loss', 'valid/loss', 'valid_loss', 'test_loss', 'test/loss'],
  },
  eval_accuracy: {
    'Hugging Face': ['eval_accuracy', 'eval/accuracy'],
    'Lightning': ['val_acc', 'val_accuracy', 'val/acc', 'val/accuracy'],
    'PyTorch tutorials': ['Accuracy/test', 'Accuracy/val', 'test accuracy', 'accuracy_val / accuracy_test (add_scalars sub-runs)'],
    'Keras': ['val_accuracy', 'epoch_val_accuracy'],
    'other': ['test_accuracy', 'test_acc', 'validation/accuracy'],
  },
  accuracy: {
    'Lightning': ['train_acc', 'train_accuracy', 'train/acc', 'train/accuracy'],
    'PyTorch tutorials': ['Accuracy/train', 'training accuracy', 'accuracy_train (add_scalars sub-run)'],
    'Keras': ['accuracy', 'acc', 'epoch_accuracy'],
  },
  epoch: {
    'Hugging Face': ['epoch', 'train/epoch'],
    'Lightning': ['epoch'],
  },
};

/** Sub-run spellings `add_scalars(main, {sub: x})` produces (folder `<main>_<sub>`). */
const SUBRUN: Readonly<Record<string, TrainField>> = {
  loss_train: 'loss', loss_training: 'loss',
  loss_val: 'eval_loss', loss_valid: 'eval_loss', loss_validation: 'eval_loss', loss_test: 'eval_loss', loss_eval: 'eval_loss',
  accuracy_train: 'accuracy', acc_train: 'accuracy',
  accuracy_val: 'eval_accuracy', accuracy_valid: 'eval_accuracy', accuracy_validation: 'eval_accuracy', accuracy_test: 'eval_accuracy',
  accuracy_eval: 'eval_accuracy', acc_val: 'eval_accuracy', acc_test: 'eval_accuracy',
  lr_train: 'lr', learning_rate_train: 'lr',
};

/** Turns a table entry into its lookup key(s): drops notes in parentheses and ` / ` lists. */
function keysOf(entry: string): string[] {
  if (entry.includes('(')) return [];
  return [entry.trim().toLowerCase()];
}

const BASE = new Map<string, TrainField>();
for (const f of TRAIN_FIELDS) for (const names of Object.values(KNOWN_TAGS[f])) for (const n of names) for (const k of keysOf(n)) BASE.set(k, f);
for (const [k, f] of Object.entries(SUBRUN)) BASE.set(k, f);
/** Lightning's LearningRateMonitor names: `lr-AdamW`, `lr-AdamW/pg1` (first param group). */
const LR_MONITOR = /^lr-[A-Za-z0-9_.]+(\/pg1)?$/;

/** Resolves names to fields: the built-in table plus user overrides. */
export interface TagMap {
  /** The field for a name, `ignore` for a name the user dropped, or undefined (unmapped). */
  field(name: string): MapTarget | undefined;
}

/** The built-in map (no overrides). */
export const DEFAULT_TAG_MAP: TagMap = { field: (name) => builtIn(name) };

function builtIn(name: string): TrainField | undefined {
  const t = name.trim();
  return BASE.get(t.toLowerCase()) ?? (LR_MONITOR.test(t) ? 'lr' : undefined);
}

/**
 * A tag map with user overrides (exact names, case-insensitive) on top of the built-in table.
 * @param overrides - name to field (or `ignore`), e.g. from {@link parseMapOption}.
 * @returns the map.
 * @example createTagMap({ 'my/val_ce': 'eval_loss' }).field('my/val_ce') // 'eval_loss'
 */
export function createTagMap(overrides: Readonly<Record<string, MapTarget>> = {}): TagMap {
  const user = new Map(Object.entries(overrides).map(([k, v]) => [k.trim().toLowerCase(), v] as const));
  if (user.size === 0) return DEFAULT_TAG_MAP;
  return { field: (name) => user.get(name.trim().toLowerCase()) ?? builtIn(name) };
}

/**
 * Parses one `--map TAG=FIELD` value (the last `=` splits, so tags may contain `=`).
 * @returns `[tag, target]`, or an error message in the house voice.
 * @example parseMapOption('Loss/dev=eval_loss') // ['Loss/dev', 'eval_loss']
 */
export function parseMapOption(value: string): [string, MapTarget] | string {
  const at = value.lastIndexOf('=');
  const tag = at < 0 ? '' : value.slice(0, at).trim();
  const target = at < 0 ? '' : value.slice(at + 1).trim();
  const ok = (TRAIN_FIELDS as readonly string[]).includes(target) || target === 'ignore';
  if (tag === '' || !ok) return `invalid --map: ${JSON.stringify(value)} (expected TAG=FIELD with FIELD one of ${TRAIN_FIELDS.join(', ')}, ignore)`;
  return [tag, target as MapTarget];
}
