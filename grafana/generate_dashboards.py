#!/usr/bin/env python3
# Writes the four dashboards in grafana/dashboards from one description, so their panels, data source, units and
# threshold styling stay consistent. The JSON files are what Grafana loads and are committed; after editing this
# script run it again (python3 grafana/generate_dashboards.py) and commit both. CI executes every panel query.
import json, os
DS = {"type": "influxdb", "uid": "linzi-influxdb"}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards")

SEV_COLORS = {"red": "#d7191c", "orange": "#f08a24", "yellow": "#e6c619", "blue": "#2b7bd6"}

def target(query, ref="A", alias=None, fmt="time_series"):
    t = {"refId": ref, "datasource": DS, "query": query, "rawQuery": True, "resultFormat": fmt}
    if alias:
        t["alias"] = alias
    return t

class Layout:
    def __init__(self):
        self.x = 0; self.y = 0; self.rowh = 0; self.id = 0
    def place(self, w, h):
        if self.x + w > 24:
            self.x = 0; self.y += self.rowh; self.rowh = 0
        pos = {"x": self.x, "y": self.y, "w": w, "h": h}
        self.x += w; self.rowh = max(self.rowh, h); self.id += 1
        return pos, self.id

def panel(layout, kind, title, description, targets, unit=None, w=12, h=8, overrides=None, options=None, custom=None, decimals=None, thresholds=None):
    pos, pid = layout.place(w, h)
    defaults = {}
    if unit: defaults["unit"] = unit
    if decimals is not None: defaults["decimals"] = decimals
    if custom: defaults["custom"] = custom
    if thresholds: defaults["thresholds"] = {"mode": "absolute", "steps": thresholds}
    p = {"id": pid, "type": kind, "title": title, "description": description, "datasource": DS, "gridPos": pos,
         "fieldConfig": {"defaults": defaults, "overrides": overrides or []}, "options": options or {}, "targets": targets}
    return p

def severity_overrides():
    return [{"matcher": {"id": "byName", "options": s}, "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": c}}]} for s, c in SEV_COLORS.items()]

def var(name, label, query, multi=False, include_all=False, description=""):
    v = {"name": name, "label": label, "description": description, "type": "query", "datasource": DS, "query": query, "definition": query,
         "refresh": 2, "sort": 1, "multi": multi, "includeAll": include_all, "current": {}, "options": [], "hide": 0}
    if include_all:
        v["allValue"] = ".*"
    return v

def dashboard(uid, title, description, tags, panels, variables, time_from="now-6h"):
    return {"uid": uid, "title": title, "description": description, "tags": ["linzi", "heritage"] + tags,
            "timezone": "Asia/Shanghai", "schemaVersion": 39, "version": 1, "editable": True, "graphTooltip": 1,
            "time": {"from": time_from, "to": "now"}, "refresh": "30s", "fiscalYearStartMonth": 0, "liveNow": False,
            "annotations": {"list": []}, "links": [
                {"title": "临淄文物监管", "type": "dashboards", "tags": ["linzi"], "asDropdown": True, "includeVars": False, "keepTime": True}],
            "templating": {"list": variables}, "panels": panels}

TS = {"drawStyle": "line", "lineWidth": 2, "fillOpacity": 5, "showPoints": "auto", "spanNulls": False}
LEGEND = {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}, "tooltip": {"mode": "multi", "sort": "desc"}}

# ---------- District overview ----------
L = Layout()
district = [
    panel(L, "stat", "在线设备", "Devices online now, from the server's 30-second fleet snapshot, across all sites.",
          [target('SELECT sum("online") AS "online" FROM (SELECT last("online") AS "online" FROM "fleet" WHERE $timeFilter GROUP BY "site")')],
          unit="none", w=6, h=5, options={"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "value", "graphMode": "none"}),
    panel(L, "stat", "设备总数", "Devices in the registry, across all sites.",
          [target('SELECT sum("devices") AS "devices" FROM (SELECT last("devices") AS "devices" FROM "fleet" WHERE $timeFilter GROUP BY "site")')],
          unit="none", w=6, h=5, options={"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "none", "graphMode": "none"}),
    panel(L, "stat", "未办结告警", "Alerts not yet resolved now (drills excluded), all sites and severities.",
          [target('SELECT sum("count") AS "active" FROM (SELECT last("count") AS "count" FROM "alerts_active" WHERE $timeFilter GROUP BY "site", "severity")')],
          unit="none", w=6, h=5, options={"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "background", "graphMode": "none"},
          thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}]),
    panel(L, "stat", "每秒读数", "Readings durably accepted per second, averaged over the panel's interval.",
          [target('SELECT non_negative_derivative(max("accepted"), 1s) AS "readings/s" FROM "ingestion" WHERE $timeFilter GROUP BY time($__interval) fill(none)')],
          unit="reqps", w=6, h=5, options={"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "none", "graphMode": "area"}),
    panel(L, "timeseries", "设备在线数（按遗址）", "Devices online over time, per site.",
          [target('SELECT last("online") FROM "fleet" WHERE $timeFilter GROUP BY time($__interval), "site" fill(previous)', alias="$tag_site")],
          unit="none", custom=TS, options=LEGEND),
    panel(L, "timeseries", "每秒读数", "Readings accepted per second by each server instance (the journal's acknowledged rate).",
          [target('SELECT non_negative_derivative(max("accepted"), 1s) FROM "ingestion" WHERE $timeFilter GROUP BY time($__interval), "instance" fill(none)', alias="$tag_instance")],
          unit="reqps", custom=TS, options=LEGEND),
    panel(L, "timeseries", "未办结告警（按级别）", "Alerts not yet resolved, by China's four warning levels (red I, orange II, yellow III, blue IV).",
          [target('SELECT sum("count") FROM (SELECT last("count") AS "count" FROM "alerts_active" WHERE $timeFilter GROUP BY time($__interval), "site", "severity") WHERE $timeFilter GROUP BY time($__interval), "severity" fill(none)', alias="$tag_severity")],
          unit="none", custom={**TS, "fillOpacity": 30, "stacking": {"mode": "normal", "group": "A"}}, options=LEGEND, overrides=severity_overrides()),
    panel(L, "bargauge", "各遗址告警数", "Alerts raised per site in the selected time range (each alert counted once, when it was raised).",
          [target('SELECT count("value") AS "alerts" FROM "alerts" WHERE "state" = \'open\' AND $timeFilter GROUP BY "site"', alias="$tag_site")],
          unit="none", options={"orientation": "horizontal", "displayMode": "gradient", "reduceOptions": {"calcs": ["sum"]}, "showUnfilled": True}),
    panel(L, "timeseries", "告警产生（按级别）", "Alerts raised per interval, by severity.",
          [target('SELECT count("value") FROM "alerts" WHERE "state" = \'open\' AND $timeFilter GROUP BY time($__interval), "severity" fill(none)', alias="$tag_severity")],
          unit="none", custom={**TS, "drawStyle": "bars", "fillOpacity": 60}, options=LEGEND, overrides=severity_overrides(), w=24),
]

# ---------- Site detail ----------
L = Layout()
site_filter = '"site" =~ /^$site$/'
METRICS = [
    ("ppv_mm_s", "振动速度 PPV", "Peak particle velocity per vibration sensor (max per interval), with the site's threshold rules as dashed lines. GB/T 50452-2008 limits.", "suffix: mm/s", "max"),
    ("water_level_cm", "水位", "Water level per gauge (max per interval), with the site's threshold rules.", "suffix: cm", "max"),
    ("rh_pct", "相对湿度", "Relative humidity per climate sensor (mean per interval), with the site's threshold rules.", "humidity", "mean"),
    ("temp_c", "温度", "Temperature per sensor (mean per interval).", "celsius", "mean"),
    ("crack_mm", "裂缝宽度", "Crack width per crack gauge (max per interval), with the Burland-class threshold rules.", "lengthmm", "max"),
    ("tilt_x_deg", "倾角 X", "Tilt about the X axis per tiltmeter (max per interval), with the site's threshold rules.", "degree", "max"),
    ("ground_sound_db", "地声", "Ground sound level per sensor (max per interval): digging shows as sustained rises at night.", "dB", "max"),
    ("pir_count", "红外触发", "Passive-infrared detections per interval, per sensor.", "none", "sum"),
    ("co2_ppm", "二氧化碳", "CO2 concentration in the exhibition hall (mean per interval), with the site's threshold rules.", "ppm", "mean"),
    ("rain_mm_h", "雨强", "Rain intensity at the water gauges (mean per interval).", "suffix: mm/h", "mean"),
]
site_panels = []
THRESHOLDED = {"ppv_mm_s", "water_level_cm", "rh_pct", "crack_mm", "tilt_x_deg", "co2_ppm"}
for metric, title, desc, unit, agg in METRICS:
    targets = [target(f'SELECT {agg}("{metric}") FROM "telemetry" WHERE {site_filter} AND $timeFilter GROUP BY time($__interval), "device" fill(none)', alias="$tag_device")]
    if metric in THRESHOLDED:
        targets.append(target(f'SELECT last("value") FROM "rule_thresholds" WHERE "metric" = \'{metric}\' AND {site_filter} AND $timeFilter GROUP BY time($__interval), "rule", "severity" fill(previous)', ref="B", alias="$tag_rule ($tag_severity)"))
    site_panels.append(panel(L, "timeseries", title, desc, targets, unit=unit, custom=TS, options=LEGEND, overrides=[] if metric not in THRESHOLDED else [
        {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [
            {"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 6]}},
            {"id": "custom.lineWidth", "value": 1}, {"id": "custom.fillOpacity", "value": 0},
            {"id": "custom.showPoints", "value": "never"}, {"id": "color", "value": {"mode": "fixed", "fixedColor": "#d7191c"}}]}]))
site_panels += [
    panel(L, "timeseries", "振动速度（按区域）", "Peak particle velocity by zone: protection zone, construction-control zone, or outside both.",
          [target(f'SELECT max("ppv_mm_s") FROM "telemetry" WHERE {site_filter} AND $timeFilter GROUP BY time($__interval), "zone" fill(none)', alias="$tag_zone")],
          unit="suffix: mm/s", custom=TS, options=LEGEND),
    panel(L, "bargauge", "读数（按区域）", "Readings taken in each zone kind in the selected range (vibration, climate and water metrics counted).",
          [target(f'SELECT count("ppv_mm_s") AS "vibration", count("rh_pct") AS "climate", count("water_level_cm") AS "water" FROM "telemetry" WHERE {site_filter} AND $timeFilter GROUP BY "zone"', alias="$tag_zone $col")],
          unit="none", options={"orientation": "horizontal", "displayMode": "basic", "reduceOptions": {"calcs": ["sum"]}}),
    panel(L, "timeseries", "未办结告警（按级别）", "Alerts of this site not yet resolved, by severity.",
          [target(f'SELECT last("count") FROM "alerts_active" WHERE {site_filter} AND $timeFilter GROUP BY time($__interval), "severity" fill(previous)', alias="$tag_severity")],
          unit="none", custom={**TS, "fillOpacity": 30, "stacking": {"mode": "normal", "group": "A"}}, options=LEGEND, overrides=severity_overrides()),
    panel(L, "table", "告警（按网格与规则）", "Alerts raised at this site in the selected range, by grid cell and rule.",
          [target(f'SELECT count("value") AS "alerts", max("value") AS "max value" FROM "alerts" WHERE "state" = \'open\' AND {site_filter} AND $timeFilter GROUP BY "cell", "rule"', fmt="table")],
          options={"showHeader": True}),
]
site_vars = [var("site", "遗址 Site", 'SHOW TAG VALUES FROM "telemetry" WITH KEY = "site"', description="The heritage site (horse-pit, qi-capital, drainage-outlet, smelting-site, museum-store).")]

# ---------- Device health ----------
L = Layout()
dev_filter = '"site" =~ /^$site$/ AND "device" =~ /^$device$/'
device_panels = [
    panel(L, "timeseries", "电池电压", "Battery voltage per device (last per interval); below 3.4 V needs a visit.",
          [target(f'SELECT last("battery_v") FROM "device_state" WHERE {dev_filter} AND $timeFilter GROUP BY time($__interval), "device" fill(none)', alias="$tag_device")],
          unit="volt", custom=TS, options=LEGEND, decimals=2, thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 3.4}]),
    panel(L, "timeseries", "信号强度", "Radio signal strength (RSSI) per device; below -105 dBm links drop.",
          [target(f'SELECT last("rssi_dbm") FROM "device_state" WHERE {dev_filter} AND $timeFilter GROUP BY time($__interval), "device" fill(none)', alias="$tag_device")],
          unit="dBm", custom=TS, options=LEGEND, thresholds=[{"color": "red", "value": None}, {"color": "green", "value": -105}]),
    panel(L, "table", "最后通信", "Per device: seconds since it was last heard, whether it is online, battery and signal, as of the latest snapshot.",
          [target(f'SELECT last("seconds_since_seen") AS "seconds since seen", last("online") AS "online", last("battery_v") AS "battery V", last("rssi_dbm") AS "RSSI dBm" FROM "device_state" WHERE {dev_filter} AND $timeFilter GROUP BY "device", "kind", "cell"', fmt="table")],
          options={"showHeader": True, "sortBy": [{"displayName": "seconds since seen", "desc": True}]}, w=24, h=10,
          overrides=[{"matcher": {"id": "byName", "options": "seconds since seen"}, "properties": [{"id": "unit", "value": "s"}]}]),
    panel(L, "state-timeline", "在线状态", "Online (1) or offline (0) per device over time: gaps in coverage show as offline stretches.",
          [target(f'SELECT last("online") FROM "device_state" WHERE {dev_filter} AND $timeFilter GROUP BY time($__interval), "device" fill(previous)', alias="$tag_device")],
          unit="none", w=24, h=10, options={"showValue": "never", "mergeValues": True},
          thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}]),
    panel(L, "timeseries", "序号缺口", "Sequence gaps detected per interval across all devices: readings a device numbered but never delivered.",
          [target('SELECT non_negative_difference(last("sequence_gaps")) FROM "ingestion" WHERE $timeFilter GROUP BY time($__interval), "instance" fill(none)', alias="$tag_instance")],
          unit="none", custom={**TS, "drawStyle": "bars", "fillOpacity": 60}, options=LEGEND),
    panel(L, "timeseries", "距最后通信", "Seconds since each device was last heard; a rising line is a device gone silent.",
          [target(f'SELECT last("seconds_since_seen") FROM "device_state" WHERE {dev_filter} AND $timeFilter GROUP BY time($__interval), "device" fill(none)', alias="$tag_device")],
          unit="s", custom=TS, options=LEGEND),
]
device_vars = [
    var("site", "遗址 Site", 'SHOW TAG VALUES FROM "device_state" WITH KEY = "site"', multi=True, include_all=True, description="Sites to show."),
    var("device", "设备 Device", 'SHOW TAG VALUES FROM "device_state" WITH KEY = "device" WHERE "site" =~ /^$site$/', multi=True, include_all=True, description="Devices to show."),
]

# ---------- Ingestion health ----------
L = Layout()
inst = '"instance" =~ /^$instance$/'
ingestion_panels = [
    panel(L, "timeseries", "接收读数", "Readings durably accepted per second (journaled before the MQTT acknowledgement).",
          [target(f'SELECT non_negative_derivative(max("accepted"), 1s) FROM "ingestion" WHERE {inst} AND $timeFilter GROUP BY time($__interval), "instance" fill(none)', alias="$tag_instance")],
          unit="reqps", custom=TS, options=LEGEND),
    panel(L, "timeseries", "拒收报文（按原因）", "Payloads rejected per interval, by reason (bad JSON, bad value, topic mismatch, too far in the future…). Each is kept for inspection.",
          [target(f'SELECT non_negative_difference(last("total")) FROM "ingestion_rejected" WHERE {inst} AND $timeFilter GROUP BY time($__interval), "reason" fill(none)', alias="$tag_reason")],
          unit="none", custom={**TS, "drawStyle": "bars", "fillOpacity": 60, "stacking": {"mode": "normal", "group": "A"}}, options=LEGEND),
    panel(L, "bargauge", "拒收累计（按原因）", "Rejected payloads kept since installation, by reason.",
          [target(f'SELECT last("total") FROM "ingestion_rejected" WHERE {inst} AND $timeFilter GROUP BY "reason"', alias="$tag_reason")],
          unit="none", options={"orientation": "horizontal", "displayMode": "gradient", "reduceOptions": {"calcs": ["lastNotNull"]}}),
    panel(L, "timeseries", "日志积压", "Journal backlog in readings: how far the time-series writer and the rule engine trail what was accepted.",
          [target(f'SELECT max("backlog_timeseries") AS "time series", max("backlog_rules") AS "rules" FROM "ingestion" WHERE {inst} AND $timeFilter GROUP BY time($__interval) fill(none)')],
          unit="none", custom=TS, options=LEGEND, thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 100000}]),
    panel(L, "timeseries", "写入延迟", "Time to write one batch to InfluxDB, retries included: mean and longest per interval.",
          [target(f'SELECT mean("write_ms_mean") AS "mean", max("write_ms_max") AS "max" FROM "ingestion" WHERE {inst} AND $timeFilter GROUP BY time($__interval) fill(none)')],
          unit="ms", custom=TS, options=LEGEND),
    panel(L, "timeseries", "背压与拒收点", "Journal fill against its bound (1 = refusing new readings), and points InfluxDB refused as malformed (parked).",
          [target(f'SELECT max("backlog_fill") AS "backlog fill", max("parked_points") AS "parked points" FROM "ingestion" WHERE {inst} AND $timeFilter GROUP BY time($__interval) fill(none)')],
          unit="none", custom=TS, options=LEGEND),
    panel(L, "timeseries", "重复与序号缺口", "Duplicates dropped and sequence gaps seen per interval.",
          [target(f'SELECT non_negative_difference(last("duplicates")) AS "duplicates", non_negative_difference(last("sequence_gaps")) AS "gaps" FROM "ingestion" WHERE {inst} AND $timeFilter GROUP BY time($__interval) fill(none)')],
          unit="none", custom={**TS, "drawStyle": "bars", "fillOpacity": 60}, options=LEGEND, w=24),
]
ingestion_vars = [var("instance", "实例 Instance", 'SHOW TAG VALUES FROM "ingestion" WITH KEY = "instance"', multi=True, include_all=True, description="Server instances (one unless scaled out).")]

for name, d in [
    ("district-overview.json", dashboard("linzi-district-overview", "临淄文物监管 · 全区总览", "District overview: devices online, readings per second, active alerts by severity over time, alerts per site.", ["overview"], district, [])),
    ("site-detail.json", dashboard("linzi-site-detail", "临淄文物监管 · 遗址详情", "Site detail: every metric of the chosen site per device, with its threshold rules drawn as dashed lines, and breakdowns by zone.", ["site"], site_panels, site_vars)),
    ("device-health.json", dashboard("linzi-device-health", "临淄文物监管 · 设备健康", "Device health: battery, signal, last seen, online stretches and sequence gaps.", ["devices"], device_panels, device_vars)),
    ("ingestion-health.json", dashboard("linzi-ingestion-health", "临淄文物监管 · 接入健康", "Ingestion health: readings accepted, rejections by reason, journal backlog, InfluxDB write latency.", ["ingestion"], ingestion_panels, ingestion_vars)),
]:
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=2)
        f.write("\n")
print("ok")
