/** Extra tfjs kernels the app registers on top of the stock backends (see each module). */
export { registerWasmTrainingKernels } from './wasm-conv-grads';
