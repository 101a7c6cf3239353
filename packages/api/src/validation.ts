// The validators live in ./validation/; this file keeps the import path stable.
export * from './validation/index';
