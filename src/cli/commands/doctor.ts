import { formatChecks, runDoctor, type DoctorOptions } from '../../doctor/run.js';
import { systemProbes } from '../../doctor/probes.js';
import { useColor, type Io } from '../io.js';

/** `notes doctor`: print one line per check of this machine and project; exit 1 when any fails. */
export async function doctorCommand(options: DoctorOptions, io: Io): Promise<number> {
  const checks = await runDoctor(options, await systemProbes(io.env));
  io.stdout.write(formatChecks(checks, useColor(io, io.stdout)));
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
