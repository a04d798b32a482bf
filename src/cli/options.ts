import { InvalidArgumentError, Option } from 'commander';
import { formats } from '../diagnostics/reporters/index.js';
import { MAX_SHARDS, parseShard, type Shard } from '../pack/shard.js';

/** `--format <format>`: text, json, github or junit (a new Option each time: an option belongs to one command). */
export function formatOption(): Option {
  return new Option('--format <format>', 'output format of the diagnostics').choices(formats).default('text');
}

/** A parser of whole numbers from `range.min` to `range.max` (commander names the option in its error). */
export function integerIn(range: { min: number; max: number }, unit: string, example: number): (value: string) => number {
  return (value) => {
    const n = /^[0-9]{1,16}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!(n >= range.min && n <= range.max)) throw new InvalidArgumentError(`expected a whole number of ${unit} from ${range.min} to ${range.max}, such as ${example}.`);
    return n;
  };
}

/** `--shard i/n`, read by {@link parseShard}. */
export function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, such as 2/4.`);
  return shard;
}

/** `--workshop <n>`: 1 to 999. */
export function parseWorkshop(value: string): number {
  if (!/^[1-9][0-9]{0,2}$/.test(value)) throw new InvalidArgumentError('expected a workshop number from 1 to 999, such as 7.');
  return Number(value);
}
