/** The dated register of institutions and the name matcher over brief text. */
export * from './register';
export * from './matcher';
