// Settings come from the environment the recorder sets (children and workers inherit it).

export interface TracerConfig {
  socketPath: string;
  token: string;
  blockThresholdMs: number;
  /** Sources turned off with LOOPSCOPE_DISABLE=gc,http,... (used by the overhead benchmark). */
  disabled: Set<string>;
}

export function readConfig(env: NodeJS.ProcessEnv): TracerConfig | undefined {
  const socketPath = env.LOOPSCOPE_SOCKET;
  const token = env.LOOPSCOPE_TOKEN;
  if (!socketPath || !token) return undefined;
  const threshold = Number(env.LOOPSCOPE_BLOCK_THRESHOLD_MS);
  return {
    socketPath,
    token,
    blockThresholdMs: Number.isFinite(threshold) && threshold > 0 ? threshold : 50,
    disabled: new Set(
      (env.LOOPSCOPE_DISABLE ?? "")
        .split(",")
        .map(s => s.trim())
        .filter(Boolean),
    ),
  };
}
