// Alert helpers shared by the pages: the four-colour order, active states, sorting, labels.
import { t, tOr } from './i18n.js';
import { metricLabel as labelWithUnit, metricName, withUnit, alertText } from './metrics.js';

export { alertText };

export const SEVERITIES = ['red', 'orange', 'yellow', 'blue'];
export const STATES = ['open', 'acknowledged', 'escalated', 'resolved'];
export const DISPOSITIONS = ['handled', 'false_alarm', 'maintenance'];
export const COLORS = { red: '#d7191c', orange: '#f08a24', yellow: '#e6c619', blue: '#2b7bd6' };

/** red 4, orange 3, yellow 2, blue 1; none or unknown 0. */
export const severityRank = (severity) => (SEVERITIES.includes(severity) ? 4 - SEVERITIES.indexOf(severity) : 0);
export const isActive = (alert) => alert.state !== 'resolved';

/** The worst of two severities (either may be null). */
export const worse = (a, b) => (severityRank(b) > severityRank(a) ? b : a);

/** Most urgent first: higher severity, then not yet acknowledged, then waiting longest. */
export function byUrgency(a, b) {
  return severityRank(b.severity) - severityRank(a.severity)
    || (a.state === 'acknowledged') - (b.state === 'acknowledged')
    || a.raisedAt.localeCompare(b.raisedAt);
}

export const metricLabel = (metric) => labelWithUnit(metric);
export const kindLabel = (kind) => tOr(`kind.${kind}`, kind);
export const valueText = (alert) => `${metricName(alert.metric)} ${withUnit(alert.metric, alert.lastValue ?? alert.value)}`;
export const stateLabel = (alert) => (alert.state === 'resolved' && alert.disposition
  ? `${t('state.resolved')} · ${t(`disposition.${alert.disposition}`)}` : t(`state.${alert.state}`));

/** A map of alerts by id that keeps the newest version (highest sequence) of each. */
export class AlertBook {
  constructor() { this.byId = new Map(); this.lastSequence = 0; }

  /** Adds or replaces; returns false when an older version arrives late (the hub and a catch-up can cross). */
  put(alert) {
    this.lastSequence = Math.max(this.lastSequence, alert.sequence ?? 0);
    const known = this.byId.get(alert.id);
    if (known && (known.sequence ?? 0) > (alert.sequence ?? 0)) return false;
    this.byId.set(alert.id, alert);
    return true;
  }

  values() { return [...this.byId.values()]; }
}
