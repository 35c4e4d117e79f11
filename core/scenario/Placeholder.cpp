// Scenario files, runner, matrix and reports arrive with issue 6.
