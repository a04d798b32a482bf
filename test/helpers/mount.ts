import { execFileSync } from 'node:child_process';

/** Whether this machine lets a test mount a small file system of its own (user namespaces). */
export function canMount(): boolean {
  try {
    execFileSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /tmp'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
