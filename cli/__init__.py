"""The application's face: the `sora-monitor` command line, its reports and the demo."""
