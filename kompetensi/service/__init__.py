"""Public service quality (notebook 08): the community satisfaction survey (SKM) per service unit,
its index (IKM) and quality band, and the unit's staff exposure to training."""
