export type { Batch } from "./batch";
export { channelIndex, getChannel, renameChannels, selectChannels } from "./channels";
export { allocPixels, dtypeOf, dtypeRange, isIntegerDType, type PixelArray, type PixelDType } from "./dtype";
export { CtcError, type CtcErrorCode, type CtcErrorDetails, isCtcError, relocateError } from "./errors";
export { assertFinite } from "./finite";
export { fromNdarray, type NdarrayFactory, type NdarrayLike, toNdarray } from "./ndarray";
export { type ChannelStack, channelPixels, createStack, type StackInit, stackDType } from "./stack";
