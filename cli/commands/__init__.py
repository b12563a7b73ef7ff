"""The commands of the CLI, one module per command or group; `cli.main` registers them."""
