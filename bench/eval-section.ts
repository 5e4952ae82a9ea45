export interface EvalSection { name: string; run(options: { flags: readonly string[]; log: (line: string) => void }): Promise<void> }
