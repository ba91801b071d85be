/**
 * Urgent regulator tasks (pure): which demotion triggers raise a task, which clear one, and which raised
 * tasks still wait for delivery to state-hub or a webhook. A firing trigger raises one task and no other
 * until it has been evaluated and found not firing; "no data" neither raises nor clears. The ledger is
 * {@code loops/regulator/urgent-tasks.jsonl}; reading and writing it is the collector's job.
 */
package dev.loopreg.alert;
