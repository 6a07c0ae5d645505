import { runCli } from './main';

// The process boundary: arguments, streams and the exit code.
const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: () => process.stdin,
});
process.exitCode = code;
