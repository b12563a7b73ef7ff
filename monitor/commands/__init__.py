"""The command groups of the CLI, one module each; `monitor.cli` registers them."""
