export { compileMapping } from './compile';
export { listSourceFields, previewMapping, unknownFieldWarnings } from './preview';
export type { PreviewItem, PreviewResult } from './preview';
export { isExpression } from './placeholder';
export type { ApplyResult, CompiledMapping, CompileOptions, CompileResult, ItemFieldError, Mapping, MappingError } from './types';
