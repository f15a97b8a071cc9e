// Metrics as people name them: Chinese and English names and units from GET /api/vocabulary (metricLabels), with
// the strings' metric.* keys as the fallback until it has loaded (or from a server without labels). Alerts are
// written from their metric, value and the rule's limit: 振动速度 0.9 mm/s，超过限值 0.25 mm/s.
import { t, tOr, lang, fmtNumber } from './i18n.js';
import { api } from './session.js';

const labels = new Map(); // metric → { zh, en, unit }
const rules = new Map(); // rule id → rule JSON
const RATES = [['_per_min', '/min'], ['_per_h', '/h']];

/** Loads the labels once per page; failures leave the fallbacks in place. */
export async function loadMetricLabels(vocabulary) {
  try {
    const answer = vocabulary ?? await api('/api/vocabulary');
    for (const label of answer.metricLabels ?? []) labels.set(label.name, label);
  } catch { /* the strings' names stand in */ }
}

/** Loads the rules (any signed-in user may read them) so alerts can state the limit they broke. */
export async function loadRuleLimits(list) {
  try {
    rules.clear();
    for (const rule of list ?? await api('/api/rules')) rules.set(rule.id, rule);
  } catch { /* alerts fall back to the server's text */ }
}

function labelOf(metric) {
  if (labels.has(metric)) return labels.get(metric);
  for (const [suffix, per] of RATES) {
    const base = metric?.endsWith(suffix) && labels.get(metric.slice(0, -suffix.length));
    if (base) return { zh: `${base.zh}变化速率`, en: `${base.en} rate of change`, unit: `${base.unit || '1'}${per}` };
  }
  return null;
}

/** The metric's name in the page's language, without unit (振动速度). */
export function metricName(metric) {
  const label = labelOf(metric);
  if (label) return lang() === 'en' ? label.en : label.zh;
  return tOr(`metric.${metric}`, metric).replace(/\s*\([^)]*\)$/, '');
}

/** The metric's unit, or '' when it has none or is unknown. */
export const metricUnit = (metric) => labelOf(metric)?.unit ?? (tOr(`metric.${metric}`, '').match(/\(([^)]*)\)$/)?.[1] ?? '');

/** A name with its unit for headings and pickers: 振动速度 (mm/s). */
export function metricLabel(metric) {
  const unit = metricUnit(metric);
  return unit ? `${metricName(metric)} (${unit})` : metricName(metric);
}

/** A value with its unit: 0.9 mm/s. */
export function withUnit(metric, value) {
  const unit = metricUnit(metric);
  return unit ? `${fmtNumber(value, 3)} ${unit}` : fmtNumber(value, 3);
}

/** The limit an alert broke, from its own field when the server sends one, else from its rule. */
function limitOf(alert) {
  if (alert.limit != null) return { op: alert.op ?? '>', value: alert.limit };
  const condition = rules.get(alert.ruleId)?.condition;
  if (!condition || !['threshold', 'rate_of_change', undefined].includes(condition.kind) || condition.value == null) return null;
  return { op: condition.op ?? '>', value: condition.value };
}

/**
 * The alert's title in the page's language: its metric, value and limit for threshold and rate rules; the server's
 * own text for the rest (silence, geofences, correlations carry context a formula cannot give) and for rules that
 * set their own message.
 */
export function alertText(alert, value = alert.value) {
  const rule = rules.get(alert.ruleId);
  const limit = limitOf(alert);
  if (!limit || rule?.message) return alert.message;
  return t('alertText.breach', {
    metric: metricName(alert.metric), value: withUnit(alert.metric, value), limit: withUnit(alert.metric, limit.value), relation: t(`alertText.op.${limit.op}`),
  });
}
