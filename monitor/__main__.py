"""Make `python -m monitor` work like the `sora-monitor` command (it hands over to the CLI)."""

from cli.main import main

if __name__ == "__main__":
    main()
