import module from 'node:module';

// Code compiled on one start is kept (in the system's temporary folder) for the next: loading the
// server's modules is most of the time a start takes, and the cache cuts it by about a third.
module.enableCompileCache();
await import('./serve.ts');
