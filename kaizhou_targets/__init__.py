"""kaizhou-targets: a command-line ledger of plan targets (目标任务台账)."""

__version__ = "0.1.0"
