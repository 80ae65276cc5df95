"""The benchmarks behind `thucthi bench` (see docs/performance.md): `units` (the directory search),
`task_pages` (a national task data set and the inbox, board and scorecard on it), `indicator_pages`
(10 years of indicator actuals and the dashboard and national aggregates on them), and `common`,
what they share."""
