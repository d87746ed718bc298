/**
 * A Tencent Cloud API 3.0 error: only the code and the message. The TC3 layer wraps it in the
 * `{"Response":{"Error":{…},"RequestId"}}` envelope.
 */
export class TencentApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TencentApiError";
  }
}

export const tencentErrors = {
  invalidAuthorization: () =>
    new TencentApiError("AuthFailure.InvalidAuthorization", "Authorization header does not follow the TC3-HMAC-SHA256 standard."),
  secretIdNotFound: () =>
    new TencentApiError("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."),
  signatureFailure: () =>
    new TencentApiError(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated. Please check your signature is correct.",
    ),
  signatureExpire: () =>
    new TencentApiError("AuthFailure.SignatureExpire", "Signature expired. Timestamp is more than 5 minutes away from server time."),
  tokenFailure: () => new TencentApiError("AuthFailure.TokenFailure", "The security token is invalid."),
  requestLimitExceeded: (action: string, limit: number) =>
    new TencentApiError("RequestLimitExceeded", `Your current request times for ${action} exceed the limit of ${limit} per second.`),
  invalidAction: (action: string) => new TencentApiError("InvalidAction", `The action \`${action}\` is not found.`),
  noSuchVersion: (version: string) => new TencentApiError("NoSuchVersion", `The API version \`${version}\` is not found.`),
  missingParameter: (name: string) => new TencentApiError("MissingParameter", `The request is missing a required parameter \`${name}\`.`),
  invalidParameter: (message: string) => new TencentApiError("InvalidParameter", message),
  invalidParameterValue: (message: string) => new TencentApiError("InvalidParameterValue", message),
  resourceNotFound: (message: string) => new TencentApiError("ResourceNotFound", message),
  internalError: (message = "An internal error has occurred. Retry your request.") => new TencentApiError("InternalError", message),
  custom: (code: string, message: string) => new TencentApiError(code, message),
};
