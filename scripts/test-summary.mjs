// Prints vitest's JSON report as one plain closing line, "N passed, N failed[, N skipped]".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-artifacts/vitest.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
const line = `${report.numPassedTests} passed, ${report.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : '');
console.log(`tests: ${line}`);
process.exit(report.numFailedTests > 0 || report.numTotalTests === 0 ? 1 : 0);
