"""Layer 3: the orchestrator behind ``hauberk assess``."""

from hauberk.assess._config import AssessConfig, load_config, parse_config
from hauberk.assess._run import assess, run_checks
from hauberk.assess._target import build_target

__all__ = ["AssessConfig", "assess", "build_target", "load_config", "parse_config", "run_checks"]
