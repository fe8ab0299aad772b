export { BlockedError, EXIT, InputError, InternalError, LeashError, NeedsOperatorError } from "./errors.js";
