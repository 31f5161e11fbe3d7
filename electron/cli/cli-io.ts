import type { MethodName, ResponseOf, RpcResult } from '../../shared/api.js';

/** Thrown to end a command with a message on stderr and a non-zero exit (see cli.ts). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

export function failWith(message: string, exitCode = 1): never {
  throw new CliFailure(message, exitCode);
}

export function resultOrFail<M extends MethodName>(r: RpcResult<unknown>): ResponseOf<M> {
  if (!r.ok) failWith(r.error.message);
  return r.result as ResponseOf<M>;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
