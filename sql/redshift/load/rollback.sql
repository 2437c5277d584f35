-- End the open transaction without a trace: a step failed, or the lease was lost.
ROLLBACK;
