export {
  ALGORITHMS,
  type Algorithm,
  detectAlgorithm,
  type GeneratedKeyPair,
  generateKeyPair,
} from './algorithms.js';
export { type QueryInput, TransfersClientError, type TransfersResponse } from './client-http.js';
export { componentValue, type HeaderMap, type HttpMessage, isComponentName } from './components.js';
export { checkContentDigest, contentDigest, type DigestCheck } from './content-digest.js';
export {
  type ComponentContext,
  defaultRequiredComponents,
  defaultSignedComponents,
  SIGNED_HEADERS,
} from './default-components.js';
export { toPrivateKey, toPublicKey } from './keys.js';
export { type EcdsaEncoding, signBytes, verifyBytes, verifyBytesAsync } from './raw-signature.js';
export type { Result } from './result.js';
export { type SignAndSendOptions, signAndSend } from './sign-and-send.js';
export {
  SIGNATURE_VERSION,
  type SignatureHeaders,
  type SignRequestOptions,
  signRequest,
} from './sign-request.js';
export { buildSignatureBase, type SignatureBase } from './signature-base.js';
export {
  parseSignature,
  parseSignatureInput,
  type SignatureEntry,
  type SignatureInputEntry,
} from './signature-headers.js';
export { type SignatureParams, serializeSignatureParams } from './signature-params.js';
export type { BareItem, Dictionary, InnerList, Item, Parameters } from './structured-fields.js';
export { parseDictionary, SF_LIMITS } from './structured-fields-parse.js';
export {
  createTransfersClient,
  type TransfersClient,
  type TransfersClientOptions,
  type TransfersRequestOptions,
} from './transfers-client.js';
export { verifyRequestSignature } from './verify-request.js';
export {
  VERIFY_ERROR_CODES,
  type VerificationKey,
  type VerifyErrorCode,
  type VerifyFailure,
  type VerifyRequestOptions,
  type VerifyResult,
  type VerifySuccess,
} from './verify-types.js';
export {
  type SignWebhookOptions,
  signWebhookDelivery,
  type VerifyWebhookOptions,
  verifyWebhookDelivery,
  type WebhookPublicKey,
  webhookComponents,
} from './webhook.js';
