export const TEST_USER: string;
export const TEST_PASSWORD: string;
export function findPostgresBin(): string | null;
export function startCluster(dir: string, options?: { fsync?: boolean }): Promise<{ dir: string; port: number; url: string }>;
export function clusterUrl(port: number, database?: string): string;
export function stopCluster(dir: string): void;
export function stopServer(dir: string): void;
export function restartServer(dir: string, options?: { fsync?: boolean }): void;
