export declare function webBuildIsStale(): boolean;
export declare function ensureWebBuild(options?: { announce?: boolean }): boolean;
