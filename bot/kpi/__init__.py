"""KPIs, weekly digests, results reports and the agency scorecard (`/kpi`, SPEC §10, issue 14)."""
