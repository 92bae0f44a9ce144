import { describe, expect, it } from "vitest";
import { inboundKeyword, isRevocation, keywordOf, repliesAmong } from "./keywords";

describe("keywordOf", () => {
  it.each([
    ["STOP", "optout"], ["stop", "optout"], ["  Stop  ", "optout"], ["stop.", "optout"], ["STOPALL", "optout"],
    ["unsubscribe", "optout"], ["Cancel", "optout"], ["end", "optout"], ["QUIT", "optout"], ["revoke", "optout"],
    ["optout", "optout"], ["START", "optin"], ["unstop", "optin"], ["yes", "optin"], ["Yes!", "optin"],
    ["help", "info"], ["INFO", "info"], ["stop it", null], ["please stop", null], ["yes please", null],
    ["", null], ["st op", null], ["🛑", null], ["help me choose a sofa", null],
    ["ＳＴＯＰ", null], // fullwidth: not Twilio's keyword; a clear request (isRevocation)
  ])("%j → %s", (body, kind) => {
    expect(keywordOf(body)).toBe(kind);
  });
});

describe("inboundKeyword (Twilio's OptOutType first, then the body)", () => {
  it.each([
    ["ALTO", "STOP", "optout"], ["SI", "START", "optin"], ["AYUDA", "HELP", "info"],
    ["stop", undefined, "optout"], ["Is it in blue?", undefined, null], ["help", undefined, "info"],
    ["STOP", "START", "optin"], // Twilio's word wins over the body's
  ] as const)("%j with OptOutType %s → %s", (body, type, kind) => {
    expect(inboundKeyword(body, type)).toBe(kind);
  });
});

// Clear revocations are opt-outs exactly like STOP (FCC 24-18); doubtful texts reach the rep.
// docs/opt-out.md publishes these examples: keep both lists in step.
const CLEAR = [
  // A plea with no object, misspelled unsubscribes, other words for wrong person (compliance audit of 2026-12-08).
  "Do not text", "DO NOT TEXT", "Please do not text.", "Don't text", "Please do not contact", "Make it stop", "Go away", "go away please",
  "I want these texts to stop", "Unsuscribe", "unsubcribe", "unsubscibe me", "Stop msging me", "Stop txt", "Lose this number",
  "There is no Jane at this number", "This isn't Jane's number", "No more texts until further notice", "Don't text me until I text you",
  // What the first round of those fixes let through (fixes audit): never, said with a when; texts named beside emails; a
  // welcome to texts that is not this store's; a misspelling's "there's".
  "Stop sending me emails and texts", "Stop sending me emails, texts, all of it", "Wrong number. Just text Jane at 212-555-0199",
  "Stop texting me. Just text my husband", "Texts are fine but I'm not interested, stop", "Your texts are good but I bought elsewhere, please stop",
  "Remove me from your list, I only text with family", "Unsubscribe. Texting is fine for others, not me", "Stop texting me before I block you",
  "Stop texting me before I report you", "Stop texting me today or I'll block you", "No more texts until hell freezes over", "No more texts til I die",
  "Don't text me until I die", "Stop texting me until I change my mind", "No more texts until I change my mind",
  "No more texts today or ever", "No more texts, today or ever", "Stop sending me these ads", "Stop sending me your coupons", "Stop sending me links",
  "There's no Jane at this number", "Theres no Jane at this number", "No more texts for me", "stop texting me after this",
  // … and the second round (fixes audit 2): a plea with a smile is a plea; a wish to be unsubscribed; reaching out.
  "Please do not text, thank you 😊", "Do not text 😊", "Please don't text ❤️", "Please just go away 😩", "Make it stop 😭",
  "I want to be unsubscribed", "Please get me unsubscribed", "Do not send any more messages", "Don't reach out again",
  "Stop reaching out to me please", "I'm no longer interested, please don't reach out again",
  // … and the third round (fixes audit 3).
  "Stop texting me before I call my lawyer", "Stop texting me before I call the police", "Stop texting me before I sue you",
  "Stop texting me today or I'm calling my lawyer", "No more texts tonight or I'll call the FCC", "I want to be removed from your list",
  "I'd like to be taken off your list", "Don't reach out to me ever again", "Please stop reaching out to me, I'm not interested",
  "I do not want to receive any more messages", "Don't text me until I'm dead",
  // … and the fourth (fixes audit 4): "before I …" is a threat unless it is a time of day; spam; lost interest.
  "Stop texting me before I lose my mind", "Stop texting me before I get angry", "Stop texting me before I change my number",
  "Stop texting me before I leave a bad review", "Please stop texting me before I get really mad", "Stop messaging me before I lose it",
  "No more texts before I lose it", "Don't text me before I lose my mind", "This is spam. Stop", "This is harassment. Stop",
  "Lost interest, please don't text anymore", "Don't text me for any reason",
  // … and the fifth (fixes audit 5).
  "Please stop. We're all set", "Spam. stop", "u guys text too much, stop", "I don't need any more texts from you guys",
  "I don't want to be on your list anymore", "I prefer no texts", "no mas mensajes porfa", "No más mensajes porfa", "STOP. I'm not kidding",
  // Spanish (compliance audit).
  "PARA", "Baja", "Parar por favor", "Basta ya", "Alto.",
  // Second fixes audit.
  "Stop por favor", "No me vuelvan a escribir", "Ya basta", "No me manden más mensajes, gracias", "Paren", "Paren ya", "Basta de mensajes",
  "No me escriban más, gracias", "No me manden nada más", "Deja de mandar mensajes", "Dejen de enviar mensajes", "Desuscribirme por favor",
  "No quiero que me escriban", "Número incorrecto", "Se equivocaron de número", "No gracias. Alto.", "Quiero salir de la lista", "No más", "No me manden más mensajes por favor", "Deja de enviarme mensajes",
  "No más mensajes", "Ya no quiero recibir mensajes", "Quítenme de la lista", "Número equivocado", "Quiero darme de baja",
  "Stop please", "pls stop", "STOP ALL", "unsubscribe please", "remove me", "take me off your list", "stop texting me",
  "don't text me anymore", "wrong number", "Please stop texting me", "Don’t message me again", "no more texts please",
  "remove me from your list", "take me off this list", "opt me out", "I want to opt out", "opt-out", "leave me alone",
  "STOP TEXTING ME!!!", "Stop. Thank you", "No. Stop!", "Who is this? Stop.", "stop it", "Please stop", "stop now",
  "Stop sending me these", "quit texting me", "do not contact me", "Do not text this number", "never text me again",
  "Wrong number, I don't know any Jane", "You have the wrong number", "Unsubscribe", "how do I unsubscribe?",
  "I never signed up for this", "Delete my number please", "lose my number", "cancel please", "end texts",
  "Not interested. Stop texting me", "stop!!!", "Stop 🛑", "🛑", "🛑🛑 ", "stop the texts", "I revoke my consent", "Please don't. Stop texting me",
  "unsub", "ok stop", "Stop messaging me, I bought elsewhere", "u have the wrong #", "wrong num sorry",
  "ＳＴＯＰ", "Ｓｔｏｐ！", "ｓｔｏｐ ｔｅｘｔｉｎｇ ｍｅ",
  // A STOP that opens the text, then the reason (customer audit).
  "Stop, not interested", "Stop, I bought elsewhere", "STOP - bought elsewhere", "Stop I'm not interested", "Stop: found one",
  "Please stop, thanks anyway", "stop — we went with another store", "Stop I already bought one", "STOP; no thanks",
  // Saying it again.
  "I said stop", "I already said stop", "I said STOP!!", "I told you to stop", "I asked you to stop", "we said stop please",
  "Don't text me at all", "don't text me at this number",
  // Where or how long, not when (review).
  "Don't text me on this number", "Never text me on this number again", "Don't message me on this number",
  "Don't contact me on this phone", "Do not contact me in any way", "Never contact me in any way", "do not text me in the future",
  "Don't contact me in the future", "Don't text me until further notice", "Don't text me unless I text you first",
  "don't text me today or ever", "don't text me tonight or ever again", "Don't text me this week or ever",
  "Don't text me at my work number", "Do not text me on my cell", "Don't text me on here", "Don't text me only to sell me stuff",
  "Stop please, we already bought one", "Stop pls - found one", "Stop thank you, not interested", "STOP PLEASE - already purchased",
  "Stop it, not interested", "Stop now, I'm not interested", "I said to stop", "I've said stop", "I have said stop",
  "I said stop, not interested",
  // A STOP opening the text, then anything but excitement or a question for the store (second review).
  "Stop, who is this?", "Stop, who's this", "Stop, how did you get my number?", "Stop, this is spam", "Stop, I don't want this",
  "Stop I don't want any more texts", "Stop, not for me", "Stop, I'm done", "Stop, too expensive", "Stop, don't need it",
  "Stop, sorry", "Stop, nah", "Stop, please and thank you", "stop, all good", "Stop, went elsewhere", "Stop, wife says no",
  "STOP we passed", "Stop, didn't sign up", "stop, this isn't Mike", "Stop, not interested. Who is this?",
  "STOP, not interested!! How many times?", "Stop, already bought one. Why are you still texting me?",
  "I told you guys to stop", "i told u to stop", "I said stop last week", "I told you to stop twice",
  "How many times do I have to tell you to stop", "I said stop, why are you still texting?",
  "don't text me at 555-0100 anymore", "Don't text me until the end of time", "Don't text me, only call",
  "Stop, not interested. Yes I'm sure", "stop, I'll reach out if I need anything", "Stop, I'll call you if I'm interested",
  "stop, who gave you my number?", "do not text me after this", "Don't text me after today", "Not interested, stop", "cease",
  "Stop not interested, how did you get my number?", "Stop, I bought one already, why do you keep texting?",
  "STOP we passed", "stop who is this", "Stop spam", "stop sorry", "stop nah", "stop nope", "STOP how did you get this number", "Stop msg",
  // A plea to stop that ends the text after the customer's reason, and a plea alone (customer audit, third).
  "I'm not interested, please stop", "We bought elsewhere, please stop", "Stop the messages", "Stop the messages please",
  "Can you please stop", "No longer interested please stop", "I'm good, please stop", "Thanks but please stop",
  "Already purchased, stop", "Stop the spam", "Stop the texts please", "not interested please stop",
  "We went with another store. Please just stop", "Not interested - stop", "don't text me, call me", "Not interested, don't text",
  "Already bought one, stop 🙏", "Stop the text messages", "Stop the notifications", "Stop the reminders", "Stop harassing me",
  "Stop pestering me", "Please stop following up", "Please stop reaching out", "Stop reaching out to me", "Enough with the texts",
  "I don't want any more texts", "I don't want these texts", "Don't send me texts", "Don't send me any more messages",
  "Please discontinue these texts", "stop w the texts", "Stop with the messages please", "stop textin me", "stp texting me",
  "I'd like to stop receiving these", "I want to stop getting these texts", "How do I stop these?", "Kindly cease all communication",
  "I'm done, stop", "Enough already, stop", "Can u stop", "Could you please stop", "Will you please stop already", "Forget my number",
  "I don't want to be contacted", "Don't want texts", "i didnt give you permission to text me", "You do not have my permission to text me",
  "No texts please", "no messages thanks",
];
const DOUBTFUL = [
  // For a while, or not texts (compliance audit of 2026-12-08): when or how, not whether.
  "No more texts today please", "No more texts until I'm back from vacation", "Stop texting me before 8am", "Please don't text me this early",
  "Please stop calling, texts are ok", "Stop sending me the photos, just text", "Stop sending me emails, text is fine", "Stop sending me emails",
  "Don't text me until I'm back from vacation", "I'm unsure, still thinking", "Stop texting me so late", "No more texts for now, I'll reach out",
  "I'm here for pickup but there is no one here", "There is no rush here", "There is no hurry here, take your time", "There is no parking here",
  "Am I unsubscribed? I want the sale texts", "Did I get unsubscribed? I haven't heard from you", "I accidentally unsubscribed, can you add me back?",
  "OMG go away 😍", "omg go away!!", "Go away 😂 that price is too good", "That sofa, make it stop 😍",
  // A when, with a word the first round took for never (fixes audit 2).
  "Please don't text me during work hours or I'll get in trouble", "Don't text me till I get my credit report back",
  "Don't text me til Friday, meeting with my lawyer about the house closing", "Don't text me till Sue gets back, she decides",
  "Best recliner ever, but no more texts this week please", "No more texts today, Sue and I will come by tomorrow",
  "Don't text me at work or I'll get fired. Texts after 5 are fine", "Don't text me until I get back to you with the measurements",
  "block party Saturday, stop texting me until Monday", "Stop texting me during church or I'll get dirty looks lol",
  "I'd die for that sofa! No more texts til payday 😂",
  // … and the third round (fixes audit 3): when, a wish to stay, another channel.
  "Please don't send me any more messages after 9pm", "Don't send me any more texts at work", "Do not send any more messages until I get paid Friday",
  "Don't reach out again until after the holidays", "Please don't reach out again before Friday, I'll come in then",
  "I don't want to be unsubscribed, keep the deals coming", "Did you have me unsubscribed? I still want the sale texts",
  "I'd like to be unsubscribed from the emails but texts are fine", "Go away 😜", "Go away 😘",
  // … and the fourth (fixes audit 4): a time, texts wanted, staying on the list.
  "Stop texting me before I get home", "Stop texting me before I wake up", "Stop texting me at 7am", "Stop texting me at this hour",
  "Stop texting me on Sunday", "Stop texting me on the weekend", "Stop texting me late at night", "Stop texting me when I'm at work",
  "No more texts on Sundays", "No more texts this late please", "Stop calling me, text only", "Stop calling me, I prefer texts",
  "Please stop calling, text me", "Please don't take me off your list, I'm still interested", "Don't remove me from the list!",
  "Don't opt me out, I still want it", "I don't want to unsubscribe, I just want fewer texts", "I don't want to stop getting your texts",
  "Unsubscribe me from emails but keep texting",
  // … and the fifth (fixes audit 5).
  "Unsubscribe from the emails please, texts are fine", "I don't want you to stop texting me", "Stop texting me 😂 jk send more pics",
  "Please stop texting me before I get to work", "Stop texting me before I get to the store", "Stop texting me on my days off", "Stop texting me at my job",
  // Spanish words that are not a request to stop.
  "Para mi esposa", "¿Es para mañana?", "Alto o bajo?", "No me mandes la factura todavía", "La mesa es muy alta",
  // … nor these (fixes audit).
  "Sácame de la duda: ¿tienen el sofá en gris?", "No quiero mensajes de voz, mejor textos", "Quítame una duda, ¿el precio incluye entrega?",
  "Perdón, dejé de escribir porque estaba trabajando", "Le di el número equivocado, el correcto es 212-555-0199", "Creo que el chofer tiene el número equivocado",
  "Quiero dar de baja la garantía", "Todavía no me envíen", "Aún no me manden nada, estoy de viaje", "No me manden nada hasta el lunes",
  "No más mensajes por hoy, mañana le confirmo", "¿Alto?", "¿Baja?", "¿Para?", "Alto, por favor", "Baja, thanks!", "Yes! Baja please", "Alto, thank you",
  "Tienen el número equivocado para la entrega", "Quiero dar de baja mi pedido", "Dejen de escribirme en inglés, prefiero español",
  "No más mensajes de voz, mejor textos", "Número equivocado en la factura, el mío es 212-555-0199", "Quiero darme de baja del programa de puntos",
  "Quiero dar de baja mi tarjeta de la tienda", "Por ahora no me manden mensajes", "Hoy no me manden mensajes", "Ya no quiero mensajes en inglés",
  "No más textos largos por favor jaja",
  "stop by tomorrow?", "I can't stop thinking about that sofa", "can you cancel my delivery?", "I'll stop in Saturday to see it",
  "Does the sale end Sunday?", "Quit my job so I need something cheaper lol", "don't stop the discount lol",
  "Please don't cancel my order", "The recliner stopped reclining", "Can I stop by after work?", "Yes", "Sure",
  "End of the month works for me", "Is the sectional still on sale?", "Can you text me the price?", "Text me when it's in stock",
  "Can you remove the legs for delivery?", "Not right now, maybe in spring", "Stop at the store on Friday?",
  "Please hold it, don't sell it", "I never got the photo", "Cancel the delivery and I'll pick it up instead",
  "Please remove the extra cushion from my order", "What time do you close?", "My wife can't stop talking about it",
  "Don't stop sending me deals!", "Can we end at 5 on Saturday?", "Which one is the stopper?", "Thank you!", "Not interested",
  "Send me the number for delivery", "The end table too please", "Who is this?", "Can you take $100 off?", "Call me at 5",
  "ok", "Is it the right number for the store?", "Can you stop the delivery until Monday?", "When does the promo end?",
  "I'd like to cancel the old order and get the recliner instead",
  // A when or where to text, not whether (customer audit).
  "Don't text me before 9am please", "Don't text me at work, only evenings", "Please don't text me after 8pm",
  "don't text me until after the holidays", "Don't text me on Sundays", "Don't call me, text me instead",
  "Is this the wrong number for delivery?", "Wrong number to call for delivery?",
  // A STOP that is not a request: stopping by, stopping the delivery.
  "Stop, by the way is the sale still on?", "I said stop by Tuesday", "I asked to stop the delivery", "Stop by, I'll be there",
  "Please cancel, the delivery is late", "Cancel, my order was wrong", "Stop by Saturday, I'm not working",
  // "Stop" as a customer's excitement, or a question after it (review).
  "Stop I'll take it!", "Stop we love it", "Stop, how much is the gray one?", "STOP: what time do you close?",
  "Stop, is the sale still on?", "Stop, wait, which sofa?", "Stop, I forgot to ask about delivery", "Stop – I'll be in Saturday",
  "Stop not yet, I need to measure", "No stop, I want it!", "stop im on my way", "Stop, I love it",
  "Don't text me so early", "Don't text me during work hours", "don't text me while I'm driving", "Don't text me on weekends",
  "Don't text me in the morning please", "Don't text me after 9pm",
  // When or how to text (second review).
  "don't text me in an hour, I'll be free at 3", "Don't text me in a few hours", "don't text me in class", "Don't text me at home",
  "don't text me at church", "don't text me at the gym", "don't text me on my day off", "don't text me at this hour",
  "Don't text me at odd hours", "don't text me in the AM", "don't text me unless the price drops", "Don't text me until you have it in stock",
  "I said stop by Tuesday, we're all set", "i said stop by, im good", "I told you to stop by Friday, I'm good with that",
  "I said stop earlier but I changed my mind", "We said stop but we're good now, we want it",
  "Stop, you guys are awesome", "Stop, it's perfect!",
  // A stop that is not about the texts (third review): a question, a delivery or a charge to stop, a buyer's
  // "wait, stop", excitement, a stop the rep is asked for that is not the texts, a driver's "don't text".
  "My power recliner keeps moving on its own, will it stop?", "The massage chair keeps buzzing. Can it stop?", "CAN IT STOP",
  "will it stop 😩", "Can you stop?", "We're moving next week, the delivery is Tuesday, can you stop it?", "THE DELIVERY, CAN YOU STOP IT",
  "Order #4411, can you please stop it", "The order I placed by mistake, please stop it", "I got charged again for the protection plan I cancelled, please stop",
  "Autopay is still on, can you stop it", "Wait, stop", "Is it leather? Wait stop", "I need to measure first, hold on, stop",
  "Don't charge me yet, stop", "Don't run my card yet. Wait. Stop.", "That price, stop 😍", "That sofa is gorgeous, stop it 😍",
  "You guys are killing me with these deals, stop 😂", "I'm coming in Saturday, ok guys stop 😂", "You're too sweet, stop it 😊",
  "these pics, stop 😭", "Gorgeous. Stop.", "Ha! stop it", "stop. that's perfect", "Stop!! That's exactly what I wanted",
  "No way! Stop! Is that real?", "the grey one?! stop", "The price went down? Stop. Seriously?", "I was charged twice. Please stop it",
  "Found one at my mom's, you can stop now", "Found the ottoman myself, you can stop", "The movers are ringing the wrong bell, pls stop",
  "Tell them to ring the side bell. Please stop", "I'm driving. Don't text.", "In a meeting. Don't message.", "Driving rn. Dont txt",
  "Dont text. Call me, I want to buy it", "My husband said to stop the messages but I'm still interested!",
  "How do I stop the messages going to my wife's phone too? Keep sending to me", "Can you end your messages with your name so I know which rep?",
  "Stop the messages until my husband is back from deployment", "Can you halt the messages till after my move next week?",
  "Stop texting my husband, he doesn't decide, text me", "Please stop texting my wife, she's not the buyer, I am",
  "Can I opt out of the protection plan?", "I want to opt out of the warranty", "Sorry, I gave you the wrong number earlier, my cell is 555-0123",
  "I think the delivery guy has the wrong number, can you send him mine", "Please remove me from the delivery list for Tuesday, I'll pick it up",
  "Please take me off the waitlist, I bought the floor model", "Stop the texts until after Christmas, then I'll be ready to buy",
  "Please end your texts with the store hours",
  // A stop at the end that is not a plea (third review): a recliner that won't stop, a bus stop, a stop by.
  "The recliner won't just stop", "Which bus stop is closest to the store?", "Please don't stop", "Love it, don't stop",
  "We'll come by, it's on the way, quick stop", "Is there a stop for the delivery truck?", "My kids made me stop",
  "I'll be there at 3, please stop by the loading dock", "Don't text before noon",
  "No texts after 9pm please", "No messages from the delivery guy yet?",
  "Stop, I'm going to buy it", "Stop, I'm good with the price", "stop, we're good to go, see you Saturday", "Stop, I got it, see you at 3",
  "Stop, we went with the blue one!", "stop we're all set for Saturday delivery", "Stop I'm set on the grey one", "stop I got it, thanks",
  "stop, we're good, see you soon", "don't text me now, I'm driving", "don't text me rn, driving", "Don't text me right now",
  "Don't text me yet", "don't text me for a few days", "don't text me back", "Don't text me without calling first",
  "Don't text me before 9am again", "Don't text me so often", "please stop the delivery", "stop the order", "Stop payment on the old order",
  // A phone's reaction to our first text, which quotes its "Reply STOP to opt out.", and
  // questions about that line (rep audit): nothing asks to stop.
  "Liked “Hi Ida, it's Pia at Oak & Pine. Any questions about the sofa? - Oak & Pine Furniture. Reply STOP to opt out.”",
  "Loved “Hi Fay, the rug is in. - Oak & Pine Furniture. Reply STOP to opt out.”", 'Liked "Reply STOP to opt out."',
  "Reacted 👍 to “Hi Fay - Oak & Pine Furniture. Reply STOP to opt out.”", "Disliked “Please stop by Saturday. Reply STOP to opt out.”",
  "Thanks! Why does it say reply STOP to opt out? I just want the price",
  "Do I reply STOP to opt out of just the promos? I still want delivery updates", "What happens if I text STOP to unsubscribe?",
];

describe("isRevocation", () => {
  it("has at least 40 realistic texts on each side", () => {
    expect(CLEAR.length).toBeGreaterThanOrEqual(40);
    expect(DOUBTFUL.length).toBeGreaterThanOrEqual(40);
  });
  it.each(CLEAR)("%j is a clear revocation", (body) => {
    expect(isRevocation(body)).toBe(true);
  });
  it.each(DOUBTFUL)("%j is doubtful: relayed to the rep", (body) => {
    expect(isRevocation(body)).toBe(false);
  });
});

describe("repliesAmong (what the results count as a reply)", () => {
  const JANE = "+12125550100";
  const BOB = "+12125550120";
  it.each<[string, [string, string][], boolean[]]>([
    ["a question", [[JANE, "Is it in blue?"]], [true]],
    ["Yes from a number never opted out: an answer", [[JANE, "Yes"]], [true]],
    ["START from a number never opted out: words", [[JANE, "START"]], [true]],
    ["a doubtful stop", [[JANE, "stop by tomorrow?"]], [true]],
    ["STOP", [[JANE, "STOP"]], [false]],
    ["stop please", [[JANE, "stop please"]], [false]],
    ["wrong number", [[JANE, "wrong number"]], [false]],
    ["Unsubscribe.", [[JANE, "Unsubscribe."]], [false]],
    ["HELP", [[JANE, "HELP"]], [false]],
    ["info", [[JANE, "info"]], [false]],
    ["STOP then START: neither", [[JANE, "STOP"], [JANE, "START"]], [false, false]],
    ["STOP then unstop!", [[JANE, "STOP"], [JANE, "unstop!"]], [false, false]],
    ["plain-words opt-out then YES", [[JANE, "please stop texting me"], [JANE, "YES"]], [false, false]],
    ["opted back in, then Yes: an answer", [[JANE, "STOP"], [JANE, "START"], [JANE, "Yes"]], [false, false, true]],
    ["opted back in, then a question", [[JANE, "STOP"], [JANE, "START"], [JANE, "Is it in blue?"]], [false, false, true]],
    ["HELP then START: not opted out, so words", [[JANE, "HELP"], [JANE, "START"]], [false, true]],
    ["one number's STOP does not make another's START an opt-in", [[JANE, "STOP"], [BOB, "START"]], [false, true]],
  ])("%s", (_what, texts, replies) => {
    const given = texts.map(([phone, body], i) => ({ phone, body, at: 1_000 * i }));
    expect(given.map((t) => repliesAmong(given).includes(t))).toEqual(replies);
  });

  it("reads texts in time order, whatever order they are given in", () => {
    const start = { phone: JANE, body: "START", at: 2 };
    expect(repliesAmong([start, { phone: JANE, body: "STOP", at: 1 }])).toEqual([]);
  });
});
