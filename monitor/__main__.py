"""Make `python -m monitor` work like the `sora-monitor` command."""

from monitor.cli import main

if __name__ == "__main__":
    main()
