/** Ambient declaration for the official TLSSigAPIv2 package, which ships no types. */
declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkappid: number, key: string);
    /** A UserSig for userid, valid for expire seconds from now. */
    genUserSig(userid: string, expire: number): string;
  }
}
