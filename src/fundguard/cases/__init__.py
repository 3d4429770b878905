"""Cases: findings and risk flags → cases, the statutory review workflow, exports."""
