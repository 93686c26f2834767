//! PHI detection in Markdown drafts: the 18 HIPAA Safe Harbor identifiers, ages
//! over 89 and patient context. Filled in by the PHI text issue.
