"""Prometheus metrics of one gateway (its own registry, so several apps never collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "hauberk_requests", "Requests by route and status", ["route", "status"], registry=r
        )
        self.latency = Histogram(
            "hauberk_request_seconds",
            "Time to answer, by route",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.denials = Counter(
            "hauberk_denials", "Refused requests by error code", ["code"], registry=r
        )
        self.guard_triggers = Counter(
            "hauberk_guard_triggers", "Inputs refused by each guard", ["guard"], registry=r
        )
        self.predictions = Counter(
            "hauberk_predictions", "Rows answered, by model version", ["version"], registry=r
        )
        self.shadow_compared = Counter(
            "hauberk_shadow_compared", "Rows also scored by the shadow model", registry=r
        )
        self.shadow_disagreements = Counter(
            "hauberk_shadow_disagreements", "Rows where shadow and live labels differ", registry=r
        )
        self.extraction_alerts = Counter(
            "hauberk_extraction_alerts", "Principals flagged by the extraction monitor", registry=r
        )

        # traffic tap ([capture] and [drift]; see _tap.py)
        self.tap_dropped = Counter(
            "hauberk_tap_dropped", "Samples dropped because the tap queue was full", registry=r
        )
        self.captured = Counter(
            "hauberk_captured_rows", "Rows written to the capture store", registry=r
        )
        self.capture_lost = Counter(
            "hauberk_capture_lost_rows", "Rows the capture store failed to write", registry=r
        )
        self.capture_writer_failures = Counter(
            "hauberk_capture_writer_failures",
            "Times the capture writer process died (capture is degraded until it restarts)",
            registry=r,
        )
        self.capture_degraded = Gauge(
            "hauberk_capture_degraded",
            "1 while the capture writer process is down and sampled rows are being lost",
            registry=r,
        )
        self.drift_rows = Gauge("hauberk_drift_window_rows", "Rows in the drift window", registry=r)
        self.drift_psi = Gauge(
            "hauberk_drift_psi",
            "PSI of each input feature over the window against the reference (NaN: too few rows)",
            ["feature"],
            registry=r,
        )
        self.guard_flag_rate = Gauge(
            "hauberk_guard_flag_rate",
            "Share of recent requests each guard refused (OOD, adversarial inputs)",
            ["guard"],
            registry=r,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
