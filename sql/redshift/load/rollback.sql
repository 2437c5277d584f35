-- End the load's transaction without a trace: nothing new to stage, or a step failed.
ROLLBACK;
