/** Português (Brasil). */
import type { Messages } from "./en.js";

export const ptBR: Messages = {
  "lang.name": "Português (Brasil)",
  "page.title": "Acompanhe seu pedido – {seller}",
  "page.titleOrder": "Pedido {number} – {seller}",
  "nav.skip": "Pular para o conteúdo",
  "nav.language": "Idioma",
  "nav.newLookup": "Acompanhar outro pedido",
  "footer.poweredBy": "Rastreamento por Shipwatch",

  "lookup.heading": "Onde está meu pedido?",
  "lookup.intro": "Informe o número do pedido e o e-mail ou o CEP usados na compra.",
  "lookup.orderNumber": "Número do pedido",
  "lookup.orderNumberHint": "Ele está na confirmação do seu pedido.",
  "lookup.contact": "E-mail ou CEP",
  "lookup.contactHint": "O e-mail do pedido ou o CEP do endereço de entrega.",
  "lookup.submit": "Acompanhar pedido",
  "lookup.trackingHeading": "Tem um código de rastreamento?",
  "lookup.trackingNumber": "Código de rastreamento",
  "lookup.trackingSubmit": "Rastrear pacote",
  "lookup.notFound":
    "Não encontramos nenhum pedido com esses dados. Confira o número do pedido e o e-mail ou CEP e tente novamente.",
  "lookup.trackingNotFound":
    "Não encontramos nenhum pacote com esse código de rastreamento. Confira e tente novamente.",
  "lookup.missing": "Informe o número do pedido e um e-mail ou CEP.",
  "lookup.missingTracking": "Informe um código de rastreamento.",
  "lookup.rateLimited": "Muitas tentativas. Aguarde {minutes} minutos e tente novamente.",
  "lookup.linkExpired": "Este link de rastreamento expirou ou não é válido. Busque seu pedido abaixo.",
  "lookup.errorTitle": "Há um problema",

  "order.heading": "Pedido {number}",
  "order.greeting": "Olá, {name}! Veja as novidades do seu pedido.",
  "order.greetingAnonymous": "Veja as novidades do seu pedido.",
  "order.destination": "Entrega em {city}",
  "order.parcels": "Seu pedido será enviado em {count} pacotes.",
  "order.notShipped":
    "Estamos preparando seu pedido. O rastreamento aparecerá aqui assim que ele for enviado.",
  "tracking.heading": "Pacote {number}",

  "stage.unfulfilled": "Estamos preparando seu pedido",
  "stage.label_created": "Seu pedido está embalado e aguardando a transportadora",
  "stage.partially_shipped": "Parte do seu pedido está a caminho",
  "stage.shipped": "Seu pedido está a caminho",
  "stage.partially_delivered": "Parte do seu pedido chegou",
  "stage.delivered": "Seu pedido foi entregue",
  "stage.returning": "Seu pedido está voltando para {seller}",
  "stage.returned": "Seu pedido foi devolvido para {seller}",
  "stage.cancelled": "Seu pedido foi cancelado",
  "stage.attention": "Há um problema com a sua entrega",

  "parcel.single": "Seu pacote",
  "parcel.numbered": "Pacote {n} de {count}",
  "parcel.return": "Pacote de devolução",
  "parcel.carrier": "Transportadora",
  "parcel.trackingNumber": "Código de rastreamento",
  "parcel.service": "Serviço",
  "parcel.carrierLink": "Rastrear no site da {carrier}",
  "parcel.newWindow": "(abre em uma nova aba)",

  "status.pending.title": "Pedido confirmado",
  "status.pending.next":
    "A loja está preparando seu pacote. O rastreamento começa quando a transportadora o receber.",
  "status.info_received.title": "Etiqueta criada",
  "status.info_received.next": "Seu pacote está embalado e aguardando a coleta pela transportadora.",
  "status.in_transit.title": "A caminho",
  "status.in_transit.next": "Seu pacote está na rede da transportadora. Em seguida, ele sai para entrega.",
  "status.in_transit.customs_started.next":
    "Seu pacote está passando pela alfândega. Isso costuma levar de um a três dias.",
  "status.in_transit.delayed.next": "A transportadora informa um atraso. Seu pacote continua a caminho.",
  "status.out_for_delivery.title": "Saiu para entrega",
  "status.out_for_delivery.next": "Seu pacote está no veículo de entrega e deve chegar hoje.",
  "status.available_for_pickup.title": "Pronto para retirada",
  "status.available_for_pickup.next":
    "Seu pacote está esperando em um ponto de retirada. Leve um documento com foto e o código de rastreamento.",
  "status.attempt_failed.title": "Tentativa de entrega",
  "status.attempt_failed.next":
    "A transportadora não conseguiu entregar seu pacote. Normalmente ela tenta de novo no próximo dia útil ou deixa um aviso com o local de retirada.",
  "status.delivered.title": "Entregue",
  "status.delivered.next": "Seu pacote foi entregue. Aproveite!",
  "status.delivered.left_at_door.next": "Seu pacote foi deixado na sua porta.",
  "status.delivered.to_neighbor.next": "Seu pacote foi deixado com um vizinho.",
  "status.delivered.picked_up_by_customer.next": "Você retirou seu pacote. Aproveite!",
  "status.exception.title": "Problema na entrega",
  "status.exception.next": "A transportadora informou um problema com seu pacote. Estamos verificando.",
  "status.exception.address_issue.next":
    "A transportadora precisa de mais detalhes do endereço. Fale com a gente para corrigirmos.",
  "status.exception.damaged.next":
    "A transportadora informou que seu pacote foi danificado. Vamos entrar em contato para troca ou reembolso.",
  "status.exception.lost.next":
    "A transportadora não encontra seu pacote. Vamos entrar em contato para troca ou reembolso.",
  "status.exception.held_customs.next":
    "Seu pacote está retido na alfândega. Pode ser necessário um documento ou um pagamento seu.",
  "status.exception.weather_delay.next":
    "O mau tempo está atrasando as entregas. Seu pacote seguirá em breve.",
  "status.return_to_sender.title": "Voltando ao remetente",
  "status.return_to_sender.next":
    "Seu pacote está voltando para {seller}. Fale com a gente para combinar o próximo passo.",
  "status.returned.title": "Devolvido",
  "status.returned.next":
    "Seu pacote foi devolvido para {seller}. Fale com a gente para um novo envio ou reembolso.",
  "status.cancelled.title": "Cancelado",
  "status.cancelled.next": "Este envio foi cancelado. Se você não esperava isso, fale com a gente.",
  "status.expired.title": "Rastreamento expirado",
  "status.expired.next":
    "A transportadora não atualiza este pacote há muito tempo. Fale com a gente se ele não chegou.",

  "return.pending.title": "Devolução registrada",
  "return.in_transit.title": "Sua devolução está a caminho",
  "return.delivered.title": "Sua devolução chegou",
  "return.next": "Avisaremos quando {seller} tiver conferido sua devolução.",
  "return.delivered.next": "{seller} recebeu sua devolução.",

  "milestone.progress": "Andamento da entrega",
  "milestone.ordered": "Pedido feito",
  "milestone.shipped": "Enviado",
  "milestone.in_transit": "Em trânsito",
  "milestone.out_for_delivery": "Saiu para entrega",
  "milestone.delivered": "Entregue",
  "milestone.pickup": "Pronto para retirada",
  "milestone.problem": "Problema",
  "milestone.returning": "Em devolução",
  "milestone.returned": "Devolvido",
  "milestone.state.done": "concluído",
  "milestone.state.current": "etapa atual",
  "milestone.state.problem": "precisa de atenção",
  "milestone.state.upcoming": "ainda não",

  "window.heading": "Previsão de entrega",
  "window.range": "{from} – {to}",
  "window.source.carrier": "Estimativa da {carrier}",
  "window.source.promise": "Data de entrega informada por {seller}",
  "window.source.prediction": "Nossa estimativa, com base em entregas recentes",
  "window.previously": "Antes prevista para {date}",
  "window.history": "Como a previsão mudou",
  "window.changedOn": "{when}: {date}",
  "window.late": "Isso é depois da data informada inicialmente.",
  "window.none": "A transportadora ainda não informou uma data de entrega.",
  "window.passed": "A data prevista já passou.",
  "delivered.on": "Entregue em {date}",

  "history.heading": "Histórico de rastreamento",
  "history.empty": "Ainda não há registros. Isso será atualizado quando a transportadora receber o pacote.",
  "history.earlier": "Ver {count} registros anteriores",
  "history.zone": "Fuso horário: {zone}.",
  "history.zoneUtc": "Fuso horário: UTC.",

  "help.heading": "Precisa de ajuda?",
  "help.delayed": "Desculpe, seu pacote está demorando mais do que o previsto.",
  "help.stalled": "A transportadora não atualiza este pacote há {days} dias.",
  "help.whatToDo":
    "A maioria dos atrasos se resolve em poucos dias. Se nada mudar, fale com {seller} e vamos resolver.",
  "help.problem": "Alguma dúvida? Fale com {seller} e nós ajudaremos.",
  "help.contact": "Falar com {seller}",
  "help.email": "Escrever para {email}",

  "rating.heading": "Como foi a entrega?",
  "rating.star": "{n} de 5",
  "rating.thanks": "Obrigado pela sua avaliação!",
  "rating.yours": "Você avaliou esta entrega com {n} de 5.",
  "rating.comment": "Quer nos contar algo? (opcional)",
  "rating.commentSubmit": "Enviar comentário",
  "rating.commentThanks": "Obrigado, repassamos seu comentário.",
  "rating.change": "Alterar sua avaliação",

  "related.heading": "Você também pode gostar",

  "error.notFoundTitle": "Página não encontrada",
  "error.notFound": "Esta página de rastreamento não existe.",
  "error.generic": "Algo deu errado do nosso lado. Tente novamente em instantes.",
};
