"""Running the cycle: the run-once entry for cron and the daemon."""
