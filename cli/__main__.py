"""Make `python -m cli` work like the `sora-monitor` command."""

from cli.main import main

if __name__ == "__main__":
    main()
