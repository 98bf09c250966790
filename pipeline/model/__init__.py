"""The documents people write, validated: review record, policy, redaction list, action plan."""
